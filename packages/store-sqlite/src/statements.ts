/** The prepared SQL statements of the SQLite store, one per operation. */
import type Database from "better-sqlite3"
import type { GroupRow, IdentityRow, KeyPackageRow } from "./rows.js"

/** Parameters of an identity insert. */
export interface IdentityParams {
  id: string
  name: string
  ciphersuite: string
  signature_public_key: Uint8Array
  sealed_signature_key: Uint8Array
  metadata: string
  created_at: number
}

/** Parameters of a key package insert. */
export interface KeyPackageParams {
  ref: string
  identity_id: string
  key_package: Uint8Array
  sealed_private_keys: Uint8Array
  last_resort: number
  created_at: number
}

/** Parameters of a group insert. */
export interface GroupParams {
  id: string
  identity_id: string
  mls_group_id: Uint8Array
  epoch: number
  state: Uint8Array
  metadata: string
  updated_at: number
}

/** Parameters of a compare-and-swap group update; `metadata` null keeps the stored one. */
export interface GroupUpdateParams {
  id: string
  expected_version: number
  epoch: number
  state: Uint8Array
  metadata: string | null
  updated_at: number
}

type Stmt<P, R = unknown> = Database.Statement<[P], R>
type Stmt0<R> = Database.Statement<[], R>

/** Every statement the store runs, prepared once per connection. */
export interface Statements {
  insertIdentity: Stmt<IdentityParams>
  getIdentity: Stmt<string, IdentityRow>
  listIdentities: Stmt0<IdentityRow>
  updateIdentityMetadata: Stmt<{ id: string; metadata: string }>
  deleteIdentity: Stmt<string>
  insertKeyPackage: Stmt<KeyPackageParams>
  getKeyPackage: Stmt<string, KeyPackageRow>
  listKeyPackages: Stmt<string, KeyPackageRow>
  deleteKeyPackage: Stmt<string>
  insertGroup: Stmt<GroupParams, GroupRow>
  getGroup: Stmt<string, GroupRow>
  groupExists: Stmt<string, { found: number }>
  listGroups: Stmt0<GroupRow>
  listGroupsOf: Stmt<string, GroupRow>
  countActiveGroups: Stmt0<{ count: number }>
  updateGroup: Stmt<GroupUpdateParams, GroupRow>
  deleteGroup: Stmt<string>
}

/** Prepares the statements on `db` (whose schema must be current). */
export function prepareStatements(db: Database.Database): Statements {
  return {
    insertIdentity: db.prepare(
      `INSERT INTO identities (id, name, ciphersuite, signature_public_key, sealed_signature_key, metadata, created_at)
       VALUES (@id, @name, @ciphersuite, @signature_public_key, @sealed_signature_key, @metadata, @created_at)`,
    ),
    getIdentity: db.prepare("SELECT * FROM identities WHERE id = ?"),
    listIdentities: db.prepare("SELECT * FROM identities ORDER BY id"),
    updateIdentityMetadata: db.prepare("UPDATE identities SET metadata = @metadata WHERE id = @id"),
    deleteIdentity: db.prepare("DELETE FROM identities WHERE id = ?"),
    insertKeyPackage: db.prepare(
      `INSERT INTO key_packages (ref, identity_id, key_package, sealed_private_keys, last_resort, created_at)
       VALUES (@ref, @identity_id, @key_package, @sealed_private_keys, @last_resort, @created_at)`,
    ),
    getKeyPackage: db.prepare("SELECT * FROM key_packages WHERE ref = ?"),
    listKeyPackages: db.prepare("SELECT * FROM key_packages WHERE identity_id = ? ORDER BY ref"),
    deleteKeyPackage: db.prepare("DELETE FROM key_packages WHERE ref = ?"),
    insertGroup: db.prepare(
      `INSERT INTO group_states (id, identity_id, mls_group_id, version, epoch, state, metadata, updated_at)
       VALUES (@id, @identity_id, @mls_group_id, 1, @epoch, @state, @metadata, @updated_at)
       RETURNING *`,
    ),
    getGroup: db.prepare("SELECT * FROM group_states WHERE id = ?"),
    groupExists: db.prepare("SELECT 1 AS found FROM group_states WHERE id = ?"),
    listGroups: db.prepare("SELECT * FROM group_states ORDER BY id"),
    listGroupsOf: db.prepare("SELECT * FROM group_states WHERE identity_id = ? ORDER BY id"),
    countActiveGroups: db.prepare(
      `SELECT count(*) AS count FROM group_states
       WHERE json_extract(metadata, '$.status') IS NOT 'removed'`,
    ),
    updateGroup: db.prepare(
      `UPDATE group_states
       SET version = version + 1, epoch = @epoch, state = @state,
           metadata = coalesce(@metadata, metadata), updated_at = @updated_at
       WHERE id = @id AND version = @expected_version
       RETURNING *`,
    ),
    deleteGroup: db.prepare("DELETE FROM group_states WHERE id = ?"),
  }
}
