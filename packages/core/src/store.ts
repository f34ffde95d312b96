/**
 * The storage contract every mlskit store implements. Records hold only
 * sealed (encrypted) secret material; the store never sees plaintext keys.
 * Group records change by compare-and-swap on `version`, which is what makes
 * key reuse after a lost or rolled-back write impossible.
 */
import { StorageError } from "./errors.js"

/** A local identity: a basic credential and its signature key pair (private part sealed). */
export interface IdentityRecord {
  /** Opaque id chosen by core (base64url, 22 characters). */
  id: string
  /** Human-readable name; the basic credential's identity bytes are its UTF-8 encoding. */
  name: string
  ciphersuite: string
  signaturePublicKey: Uint8Array
  /** Signature private key, sealed with the at-rest key. */
  sealedSignatureKey: Uint8Array
  /** Free-form, non-secret attributes (for example a token hash kept by the server). */
  metadata: Record<string, string>
  createdAt: number
}

/** A key package published by a local identity, with its sealed private keys. */
export interface KeyPackageRecord {
  /** Hex of the key package reference (RFC 9420 section 5.2). */
  ref: string
  identityId: string
  /** The public key package as MLSMessage bytes. */
  keyPackage: Uint8Array
  /** init, HPKE and signature private keys, sealed. */
  sealedPrivateKeys: Uint8Array
  /** A last-resort key package is not deleted when it is used. */
  lastResort: boolean
  createdAt: number
}

/** The durable state of one group as seen by one local identity. */
export interface GroupRecord {
  /** Local group id: `${identityId}.${base64url(mlsGroupId)}` (see `localGroupId`). */
  id: string
  identityId: string
  /** The MLS group id bytes. */
  mlsGroupId: Uint8Array
  /** Incremented by one on every successful write; the CAS token. */
  version: number
  epoch: number
  /** The encoded group state, sealed. */
  state: Uint8Array
  /** Non-secret attributes such as the group's display name. */
  metadata: Record<string, string>
  updatedAt: number
}

/** What a CAS update of a group may change. */
export interface GroupUpdate {
  epoch: number
  state: Uint8Array
  metadata?: Record<string, string>
}

/**
 * The async storage contract. Implementations must:
 * - make every method atomic;
 * - throw `ConflictError` when a create finds an existing key or a CAS finds
 *   a different version, `NotFoundError` when `addKeyPackages` or
 *   `createGroup` names a missing identity, and `StorageError` (with
 *   `retryable`) for I/O failures;
 * - return byte fields as plain `Uint8Array` copies (not `Buffer`s or views
 *   of internal memory), numbers as safe integers, and order ids by code unit
 *   (binary) order;
 * - accept `close()` more than once; calls after close fail with a
 *   non-retryable `StorageError`.
 * After a retryable error a write may still have committed: callers reload
 * before retrying a compare-and-swap. Strings never contain NUL.
 */
export interface MlsStore {
  /** Insert a new identity; ConflictError if the id exists. */
  createIdentity(record: IdentityRecord): Promise<void>
  getIdentity(id: string): Promise<IdentityRecord | undefined>
  listIdentities(): Promise<IdentityRecord[]>
  /** Replace an identity's metadata; NotFoundError if it does not exist. */
  updateIdentityMetadata(id: string, metadata: Record<string, string>): Promise<void>
  /** Delete an identity with its key packages and groups; false if it did not exist. */
  deleteIdentity(id: string): Promise<boolean>

  /** Insert key packages atomically; ConflictError if any ref exists. */
  addKeyPackages(records: KeyPackageRecord[]): Promise<void>
  getKeyPackage(ref: string): Promise<KeyPackageRecord | undefined>
  listKeyPackages(identityId: string): Promise<KeyPackageRecord[]>
  /**
   * Atomically take a key package for a join: returns the record and deletes
   * it unless it is last-resort. Undefined if it does not exist.
   */
  consumeKeyPackage(ref: string): Promise<KeyPackageRecord | undefined>
  /**
   * Delete a key package, last-resort or not; false if it did not exist.
   * Optional for stores written before it: core needs it only to replace
   * the last-resort key package an external identity published
   * (`MlsClient.publishExternalKeyPackages`), and refuses that without it.
   */
  deleteKeyPackage?(ref: string): Promise<boolean>

  /** Insert a group at version 1; ConflictError if the id exists. Returns the stored record. */
  createGroup(record: Omit<GroupRecord, "version" | "updatedAt">): Promise<GroupRecord>
  getGroup(id: string): Promise<GroupRecord | undefined>
  /** Groups of one identity (all groups when omitted), ordered by id. */
  listGroups(identityId?: string): Promise<GroupRecord[]>
  /**
   * How many groups are active: stored groups whose metadata `status` is not
   * `"removed"` (core marks a group so when its local member was removed).
   * Counted by the store (a SQL COUNT), without reading any state.
   */
  countActiveGroups(): Promise<number>
  /**
   * Compare-and-swap: write `update` if the stored version equals
   * `expectedVersion`, returning the new record (version + 1). ConflictError
   * if the version differs, GroupNotFoundError if the group is gone.
   */
  updateGroup(id: string, expectedVersion: number, update: GroupUpdate): Promise<GroupRecord>
  /** Delete a group; false if it did not exist. */
  deleteGroup(id: string): Promise<boolean>

  /** Release connections and file handles. Further calls fail with StorageError. */
  close(): Promise<void>
}

/**
 * For store implementations: a metadata value read back from storage as a
 * string map, or a StorageError naming `store` when the row is damaged.
 */
export function storedMetadata(value: unknown, store: string): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new StorageError(`${store}: stored metadata is not an object`)
  }
  const entries = Object.entries(value)
  if (entries.some(([, entry]) => typeof entry !== "string")) {
    throw new StorageError(`${store}: stored metadata is not text`)
  }
  return Object.fromEntries(entries)
}
