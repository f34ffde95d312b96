/**
 * Opening the sealed parts of stored records (group states, identity
 * signature keys, key-package private keys) and the record contexts they are
 * sealed under. A record that does not open is a fault of this server, not
 * of whoever asked for it: the configured state key is not the one the data
 * was written with, or the stored bytes were damaged or altered. Both raise
 * a StateUnreadableError whose message names neither the record nor a key id.
 */
import { type AtRestCipher, BlobKind, readBlobHeader } from "./at-rest.js"
import { type SealedRecordKind, StateUnreadableError } from "./errors.js"
import { assertHosted } from "./external-identity.js"
import type { GroupRecord, IdentityRecord, KeyPackageRecord } from "./store.js"

/** The associated-data context of a group's sealed state. */
export const groupContext = (groupId: string): string => `group:${groupId}`

/** The associated-data context of an identity's sealed signature key. */
export const identityContext = (identityId: string): string => `identity:${identityId}`

/** The associated-data context of a key package's sealed private keys. */
export const keyPackageContext = (ref: string): string => `keypackage:${ref}`

const DESCRIPTION: Record<SealedRecordKind, string> = {
  group_state: "group state",
  signature_key: "identity signature key",
  key_package: "key package private keys",
}

/**
 * Open a group record's state: a bare state (BlobKind.GroupState) or a state
 * with a staged commit (BlobKind.GroupStateWithPending); `header.kind` tells
 * which. The kind is part of the authenticated header, so reading it first
 * to choose what to expect lets no blob pass as the other kind.
 * StateUnreadableError if it does not open.
 */
export function openGroupState(
  cipher: AtRestCipher,
  record: GroupRecord,
): ReturnType<AtRestCipher["open"]> {
  return openRecord(cipher, { kind: "group_state", id: record.id }, record.state, {
    kind: storedGroupStateKind(record.state),
    context: groupContext(record.id),
  })
}

function storedGroupStateKind(blob: Uint8Array): BlobKind {
  try {
    if (readBlobHeader(blob).kind === BlobKind.GroupStateWithPending)
      return BlobKind.GroupStateWithPending
  } catch {
    // Not a readable blob: opening it as a bare state reports why.
  }
  return BlobKind.GroupState
}

/**
 * Open an identity's signature private key; StateUnreadableError if it does
 * not open. KeysElsewhereError for an external identity: its sealed key is
 * empty, and every path to signing for it ends here.
 */
export function openSignatureKey(cipher: AtRestCipher, identity: IdentityRecord): Uint8Array {
  assertHosted(identity)
  return openRecord(
    cipher,
    { kind: "signature_key", id: identity.id },
    identity.sealedSignatureKey,
    {
      kind: BlobKind.SignatureKey,
      context: identityContext(identity.id),
    },
  ).plaintext
}

/** Open a key package's private keys; StateUnreadableError if they do not open. */
export function openKeyPackagePrivate(cipher: AtRestCipher, record: KeyPackageRecord): Uint8Array {
  return openRecord(cipher, { kind: "key_package", id: record.ref }, record.sealedPrivateKeys, {
    kind: BlobKind.KeyPackagePrivate,
    context: keyPackageContext(record.ref),
  }).plaintext
}

function openRecord(
  cipher: AtRestCipher,
  record: { kind: SealedRecordKind; id: string },
  blob: Uint8Array,
  expect: { kind: BlobKind; context: string },
): ReturnType<AtRestCipher["open"]> {
  const what = DESCRIPTION[record.kind]
  try {
    return cipher.open(blob, expect)
  } catch (cause) {
    if (sealedWithAnotherKey(cipher, blob)) {
      throw new StateUnreadableError(
        record,
        "another_key",
        `stored ${what} was sealed with another state key`,
        { cause },
      )
    }
    throw new StateUnreadableError(
      record,
      "damaged",
      `stored ${what} does not open: it is damaged or was altered`,
      { cause },
    )
  }
}

function sealedWithAnotherKey(cipher: AtRestCipher, blob: Uint8Array): boolean {
  try {
    return readBlobHeader(blob).keyId !== cipher.keyId
  } catch {
    return false
  }
}
