/**
 * The versioned schema of the PostgreSQL store and its migration runner.
 * Migrations run in one transaction under a per-schema advisory lock, so
 * instances starting together apply each migration exactly once. Append new
 * migrations; never edit one that has shipped.
 */
import { StorageError } from "@mlskit/core"
import type { Pool, PoolClient } from "pg"
import { deliveryTablesSql, welcomeRosterTablesSql } from "./delivery-schema.js"
import { groupLogTablesSql } from "./group-log-schema.js"
import { toStorageError } from "./pg-errors.js"
import { watchCheckedOut } from "./pg-transaction.js"
import { migrationLockKey, type TableNames } from "./sql-names.js"

/** One forward-only schema change; `sql` gets the quoted table names. */
export interface Migration {
  version: number
  name: string
  sql: (t: TableNames) => string
}

/** Every migration, in order; the last one's version is the current schema version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "identities, key packages and group states",
    sql: (t) => `
      CREATE TABLE ${t.identities} (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL,
        ciphersuite text NOT NULL,
        signature_public_key bytea NOT NULL,
        sealed_signature_key bytea NOT NULL,
        metadata jsonb NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE TABLE ${t.keyPackages} (
        ref text COLLATE "C" PRIMARY KEY,
        identity_id text COLLATE "C" NOT NULL REFERENCES ${t.identities} (id) ON DELETE CASCADE,
        key_package bytea NOT NULL,
        sealed_private_keys bytea NOT NULL,
        last_resort boolean NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX key_packages_by_identity ON ${t.keyPackages} (identity_id, ref);
      CREATE TABLE ${t.groupStates} (
        id text COLLATE "C" PRIMARY KEY,
        identity_id text COLLATE "C" NOT NULL REFERENCES ${t.identities} (id) ON DELETE CASCADE,
        mls_group_id bytea NOT NULL,
        version bigint NOT NULL CHECK (version >= 1),
        epoch bigint NOT NULL,
        state bytea NOT NULL,
        metadata jsonb NOT NULL,
        updated_at bigint NOT NULL
      );
      -- sealed states do not compress: store them out of line without trying
      ALTER TABLE ${t.groupStates} ALTER COLUMN state SET STORAGE EXTERNAL;
      CREATE INDEX group_states_by_identity ON ${t.groupStates} (identity_id, id);
    `,
  },
  { version: 2, name: "group log: heads, entries and the epoch fence", sql: groupLogTablesSql },
  {
    version: 3,
    name: "delivery: inboxes, key package claims, groups by MLS group id",
    sql: deliveryTablesSql,
  },
  {
    version: 4,
    name: "delivery: Welcomes of external identities, rosters of followed groups",
    sql: welcomeRosterTablesSql,
  },
]

/** The schema version this build writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings `schema` to the last migration's version: creates the schema if
 * missing, applies pending migrations and records them, all in one
 * transaction under an advisory lock. Refuses a schema from a newer release.
 */
export async function migrate(
  pool: Pool,
  schemaName: string,
  t: TableNames,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  const latest = migrations.length
  let client: PoolClient
  try {
    client = await pool.connect()
  } catch (error) {
    throw toStorageError(error, "connect for migration")
  }
  let broken: Error | undefined
  const stopWatching = watchCheckedOut(client, (error) => {
    broken = error
  })
  try {
    await client.query("BEGIN")
    await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [migrationLockKey(schemaName)])
    const found = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schemaName])
    if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${t.schema}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${t.migrations} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    )
    const result = await client.query<{ version: number }>(
      `SELECT coalesce(max(version), 0)::integer AS version FROM ${t.migrations}`,
    )
    const current = result.rows[0]?.version ?? 0
    if (current > latest) {
      throw new StorageError(
        `postgres: schema ${schemaName} has version ${current}, newer than version ${latest} ` +
          "of this @mlskit/store-postgres; upgrade the package (nothing was changed)",
      )
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue
      await client.query(migration.sql(t))
      await client.query(`INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ])
    }
    await client.query("COMMIT")
    return latest
  } catch (error) {
    broken = await rollback(client, error)
    throw toStorageError(error, "migrate")
  } finally {
    stopWatching()
    client.release(broken)
  }
}

/** Rolls back; returns an error when the connection is unusable (so the pool discards it). */
async function rollback(client: PoolClient, cause: unknown): Promise<Error | undefined> {
  try {
    await client.query("ROLLBACK")
    return undefined
  } catch {
    return cause instanceof Error ? cause : new Error("rollback failed")
  }
}
