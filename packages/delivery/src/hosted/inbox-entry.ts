/**
 * The entries of a hosted identity's inbox: what the identity's groups
 * delivered to it (decrypted application messages and group events), and
 * how one is sealed at rest with the state key. The store sees the type,
 * the epoch and the time in clear (to page and trim); everything a message
 * says (sender, plaintext, authenticated data) and who joined or left is in
 * the sealed payload, bound to its identity, group and position.
 */
import { type AtRestCipher, BlobKind, fromBase64Url, StorageError, toBase64Url } from "@mlskit/core"
import type { InboxRecord, NewInboxRecord } from "../delivery-store.js"

/** What an inbox entry reports. */
export const INBOX_ENTRY_TYPES = [
  "message",
  "joined",
  "welcome",
  "membersAdded",
  "membersRemoved",
  "removed",
  "epoch",
] as const

/** One of INBOX_ENTRY_TYPES. */
export type InboxEntryType = (typeof INBOX_ENTRY_TYPES)[number]

/** A group member as an inbox entry names it. */
export interface InboxMember {
  leafIndex: number
  identity: string
  credentialType: string
}

/** Who sent a message or a commit. */
export interface InboxSender {
  leafIndex: number
  identity: string
}

/** One delivered entry of a hosted identity's inbox, opened. */
export interface InboxEntry {
  /** Per identity, growing; resume after it. */
  cursor: number
  type: InboxEntryType
  /** The local group id. */
  groupId: string
  /** The epoch the entry belongs to (a commit's entries: the epoch it started). */
  epoch: number
  /** When it was delivered, ms since the Unix epoch. */
  time: number
  /** The group log seq it came from. */
  seq: number
  /** `message`: who sent it; commits: who committed (absent for external commits). */
  sender?: InboxSender
  /** `message`: the plaintext. */
  plaintext?: Uint8Array
  /** `message`: the authenticated data (may be empty). */
  authenticatedData?: Uint8Array
  /** `message`: the sender's ratchet generation in `epoch` (gaps: lost or skipped messages). */
  generation?: number
  /** `membersAdded` / `membersRemoved`: who. */
  members?: InboxMember[]
  /** `welcome`: the Welcome (MLSMessage) for an identity that does not join by itself. */
  welcome?: Uint8Array
}

/** An entry about to be stored: everything but its cursor. */
export type NewInboxEntry = Omit<InboxEntry, "cursor">

interface SealedPayload {
  generation?: number
  sender?: InboxSender
  plaintext?: string
  authenticatedData?: string
  members?: InboxMember[]
  welcome?: string
}

/** Seal an entry for `identityId` into the record the store keeps. */
export function sealInboxEntry(
  cipher: AtRestCipher,
  identityId: string,
  entry: NewInboxEntry,
  part: number,
): NewInboxRecord {
  const payload: SealedPayload = {}
  if (entry.sender) payload.sender = entry.sender
  if (entry.generation !== undefined) payload.generation = entry.generation
  if (entry.plaintext) payload.plaintext = toBase64Url(entry.plaintext)
  if (entry.authenticatedData) payload.authenticatedData = toBase64Url(entry.authenticatedData)
  if (entry.members) payload.members = entry.members
  if (entry.welcome) payload.welcome = toBase64Url(entry.welcome)
  const context = inboxContext(identityId, entry.groupId, entry.seq, part)
  return {
    identityId,
    groupId: entry.groupId,
    seq: entry.seq,
    part,
    type: entry.type,
    epoch: entry.epoch,
    time: entry.time,
    payload: cipher.seal(new TextEncoder().encode(JSON.stringify(payload)), {
      kind: BlobKind.InboxEntry,
      ciphersuiteId: 0,
      context,
    }),
  }
}

/** Open a stored inbox record; StorageError when it is not a sealed entry of its place. */
export function openInboxRecord(cipher: AtRestCipher, record: InboxRecord): InboxEntry {
  if (!(INBOX_ENTRY_TYPES as readonly string[]).includes(record.type))
    throw new StorageError(`stored inbox entry has an unknown type`)
  const { plaintext } = cipher.open(record.payload, {
    kind: BlobKind.InboxEntry,
    context: inboxContext(record.identityId, record.groupId, record.seq, record.part),
  })
  let payload: SealedPayload
  try {
    payload = JSON.parse(new TextDecoder().decode(plaintext)) as SealedPayload
  } catch (cause) {
    throw new StorageError("stored inbox entry cannot be decoded", { cause })
  }
  const entry: InboxEntry = {
    cursor: record.cursor,
    type: record.type as InboxEntryType,
    groupId: record.groupId,
    epoch: record.epoch,
    time: record.time,
    seq: record.seq,
  }
  if (payload.sender) entry.sender = payload.sender
  if (payload.generation !== undefined) entry.generation = payload.generation
  if (payload.plaintext !== undefined) entry.plaintext = storedBytes(payload.plaintext)
  if (payload.authenticatedData !== undefined)
    entry.authenticatedData = storedBytes(payload.authenticatedData)
  if (payload.members) entry.members = payload.members
  if (payload.welcome !== undefined) entry.welcome = storedBytes(payload.welcome)
  return entry
}

function inboxContext(identityId: string, groupId: string, seq: number, part: number): string {
  return `inbox:${identityId}:${groupId}:${seq}:${part}`
}

function storedBytes(text: string): Uint8Array {
  const bytes = typeof text === "string" ? fromBase64Url(text) : undefined
  if (!bytes) throw new StorageError("stored inbox entry holds malformed bytes")
  return bytes
}
