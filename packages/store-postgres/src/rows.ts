/**
 * Row shapes of the PostgreSQL tables and their conversion to store records:
 * BIGINT arrives as a string and becomes a safe integer, BYTEA arrives as a
 * Buffer and becomes a plain Uint8Array copy, JSONB arrives parsed.
 */
import {
  type GroupRecord,
  type IdentityRecord,
  type KeyPackageRecord,
  StorageError,
  storedMetadata,
} from "@mlskit/core"

export interface IdentityRow {
  id: string
  name: string
  ciphersuite: string
  signature_public_key: Uint8Array
  sealed_signature_key: Uint8Array
  metadata: unknown
  created_at: string | number
}

export interface KeyPackageRow {
  ref: string
  identity_id: string
  key_package: Uint8Array
  sealed_private_keys: Uint8Array
  last_resort: boolean
  created_at: string | number
}

export interface GroupRow {
  id: string
  identity_id: string
  mls_group_id: Uint8Array
  version: string | number
  epoch: string | number
  state: Uint8Array
  metadata: unknown
  updated_at: string | number
}

/** A plain Uint8Array copy of a BYTEA value (node-postgres returns Buffers). */
export const bytesFromBytea = (value: Uint8Array): Uint8Array => new Uint8Array(value)

/** A BIGINT column as a number; StorageError if it does not fit exactly. */
export function integerFromBigint(value: string | number, column: string): number {
  const n = typeof value === "number" ? value : Number(value)
  if (!Number.isSafeInteger(n)) throw new StorageError(`postgres: ${column} is not a safe integer`)
  return n
}

/** A JSONB metadata column as a string map; StorageError for any other shape. */
export const metadataFromJson = (value: unknown): Record<string, string> =>
  storedMetadata(value, "postgres")

export function identityFromRow(row: IdentityRow): IdentityRecord {
  return {
    id: row.id,
    name: row.name,
    ciphersuite: row.ciphersuite,
    signaturePublicKey: bytesFromBytea(row.signature_public_key),
    sealedSignatureKey: bytesFromBytea(row.sealed_signature_key),
    metadata: metadataFromJson(row.metadata),
    createdAt: integerFromBigint(row.created_at, "created_at"),
  }
}

export function keyPackageFromRow(row: KeyPackageRow): KeyPackageRecord {
  return {
    ref: row.ref,
    identityId: row.identity_id,
    keyPackage: bytesFromBytea(row.key_package),
    sealedPrivateKeys: bytesFromBytea(row.sealed_private_keys),
    lastResort: row.last_resort,
    createdAt: integerFromBigint(row.created_at, "created_at"),
  }
}

export function groupFromRow(row: GroupRow): GroupRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    mlsGroupId: bytesFromBytea(row.mls_group_id),
    version: integerFromBigint(row.version, "version"),
    epoch: integerFromBigint(row.epoch, "epoch"),
    state: bytesFromBytea(row.state),
    metadata: metadataFromJson(row.metadata),
    updatedAt: integerFromBigint(row.updated_at, "updated_at"),
  }
}
