/**
 * Hosted and external identities. A hosted identity's signature key is
 * sealed in its record and core signs for it; an external one (a member
 * whose MLS client runs elsewhere, such as a browser) keeps its keys to
 * itself, and core stores only its name, its metadata and the key packages
 * it publishes. Both are plain IdentityRecords, so every store, snapshot and
 * listing handles them alike: an external record has an empty signature
 * public key, the seal of an empty key, and the reserved metadata marker
 * below. Core maintains the marker; callers can neither set nor change it.
 */
import { InvalidInputError, KeysElsewhereError } from "./errors.js"
import type { IdentityRecord } from "./store.js"

/** Identity metadata key marking an identity whose keys live elsewhere (value "false"). */
export const HOSTED_METADATA_KEY = "mlskit.hosted"

/** Identity metadata keys core maintains itself; a caller may not set or change them. */
export const RESERVED_IDENTITY_METADATA_KEYS: readonly string[] = [HOSTED_METADATA_KEY]

/** The reserved metadata of a new external identity. */
export const EXTERNAL_IDENTITY_METADATA: Readonly<Record<string, string>> = {
  [HOSTED_METADATA_KEY]: "false",
}

/**
 * True unless the stored record is marked as an identity whose keys live
 * elsewhere. It takes the record (IdentityInfo hides the marker; read its
 * `hosted` instead).
 */
export function isHosted(record: IdentityRecord): boolean {
  return record.metadata[HOSTED_METADATA_KEY] !== "false"
}

/** KeysElsewhereError for an external identity: nothing here can sign or decrypt for it. */
export function assertHosted(record: IdentityRecord): void {
  if (!isHosted(record)) throw new KeysElsewhereError(record.name)
}

/** InvalidInputError when metadata given at creation names a reserved key. */
export function refuseReservedIdentityKeys(metadata: Record<string, string>): void {
  for (const key of RESERVED_IDENTITY_METADATA_KEYS) {
    if (Object.hasOwn(metadata, key))
      throw new InvalidInputError(`identity metadata key ${key} is maintained by core`)
  }
}

/**
 * The metadata to store when a caller replaces an identity's metadata with
 * `next`: the reserved keys keep their stored values. A caller may pass
 * them back unchanged (read, modify, write), never with another value.
 */
export function replacedIdentityMetadata(
  stored: Record<string, string>,
  next: Record<string, string>,
): Record<string, string> {
  const merged = { ...next }
  for (const key of RESERVED_IDENTITY_METADATA_KEYS) {
    if (Object.hasOwn(next, key) && next[key] !== stored[key])
      throw new InvalidInputError(`identity metadata key ${key} is maintained by core`)
    delete merged[key]
    if (stored[key] !== undefined) merged[key] = stored[key]
  }
  return merged
}
