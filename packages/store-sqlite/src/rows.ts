/**
 * Row shapes of the SQLite tables and their conversion to and from store
 * records: BLOBs come back as plain Uint8Array copies, metadata as JSON text.
 */
import {
  type GroupRecord,
  type IdentityRecord,
  type KeyPackageRecord,
  storedMetadata,
} from "@mlskit/core"

export interface IdentityRow {
  id: string
  name: string
  ciphersuite: string
  signature_public_key: Uint8Array
  sealed_signature_key: Uint8Array
  metadata: string
  created_at: number
}

export interface KeyPackageRow {
  ref: string
  identity_id: string
  key_package: Uint8Array
  sealed_private_keys: Uint8Array
  last_resort: number
  created_at: number
}

export interface GroupRow {
  id: string
  identity_id: string
  mls_group_id: Uint8Array
  version: number
  epoch: number
  state: Uint8Array
  metadata: string
  updated_at: number
}

/** A plain Uint8Array copy of a BLOB (better-sqlite3 returns Buffers). */
export const bytesFromBlob = (blob: Uint8Array): Uint8Array => new Uint8Array(blob)

/** Metadata as JSON text for a TEXT column. */
export const metadataToText = (metadata: Record<string, string>): string => JSON.stringify(metadata)

/** Parses metadata written by `metadataToText`; anything else means a damaged row. */
export const metadataFromText = (text: string): Record<string, string> =>
  storedMetadata(JSON.parse(text), "sqlite")

export function identityFromRow(row: IdentityRow): IdentityRecord {
  return {
    id: row.id,
    name: row.name,
    ciphersuite: row.ciphersuite,
    signaturePublicKey: bytesFromBlob(row.signature_public_key),
    sealedSignatureKey: bytesFromBlob(row.sealed_signature_key),
    metadata: metadataFromText(row.metadata),
    createdAt: row.created_at,
  }
}

export function keyPackageFromRow(row: KeyPackageRow): KeyPackageRecord {
  return {
    ref: row.ref,
    identityId: row.identity_id,
    keyPackage: bytesFromBlob(row.key_package),
    sealedPrivateKeys: bytesFromBlob(row.sealed_private_keys),
    lastResort: row.last_resort === 1,
    createdAt: row.created_at,
  }
}

export function groupFromRow(row: GroupRow): GroupRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    mlsGroupId: bytesFromBlob(row.mls_group_id),
    version: row.version,
    epoch: row.epoch,
    state: bytesFromBlob(row.state),
    metadata: metadataFromText(row.metadata),
    updatedAt: row.updated_at,
  }
}
