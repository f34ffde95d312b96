/**
 * Checks of every `DeliveryStore` argument, shared by all drivers so they
 * refuse the same input with the same InvalidInputError before touching
 * storage (bad input changes nothing). The checks of records and byte
 * arguments (`checkNewInboxRecord`, `checkWelcomeRecord`,
 * `checkRosterState`, ...) also copy the bytes into plain Uint8Arrays, so a
 * caller changing its buffer afterwards cannot change what is stored.
 */
import { InvalidInputError } from "@mlskit/core"
import type {
  InboxReadOptions,
  InboxRetention,
  NewInboxRecord,
  WelcomeRecord,
} from "./delivery-store.js"
import { MAX_GROUP_ID_BYTES } from "./group-key.js"
import { checkRetention } from "./log-arguments.js"

/** `readInbox`'s default limit. */
export const DEFAULT_INBOX_READ_LIMIT = 100
/** `readInbox`'s largest limit. */
export const MAX_INBOX_READ_LIMIT = 1000
/** The longest inbox entry type, in characters. */
export const MAX_INBOX_TYPE_LENGTH = 32
/** The longest identity id a delivery store accepts (core's ids are 22 characters). */
export const MAX_IDENTITY_ID_LENGTH = 255
/** The longest local group id an inbox entry may name (core's parse limit). */
export const MAX_LOCAL_GROUP_ID_LENGTH = 600

/** `listWelcomes`'s default limit. */
export const DEFAULT_WELCOME_LIST_LIMIT = 100
/** `listWelcomes`'s largest limit. */
export const MAX_WELCOME_LIST_LIMIT = 1000
/** The longest Welcome id, in base64url characters (a SHA-256 hash takes 43). */
export const MAX_WELCOME_ID_LENGTH = 64
/** The largest Welcome a store keeps, in bytes (1 MiB). */
export const MAX_WELCOME_BYTES = 1024 * 1024
/** The largest roster state a store keeps, in bytes (1 MiB). */
export const MAX_ROSTER_STATE_BYTES = 1024 * 1024

/** base64url without padding: the alphabet of Welcome ids. */
const BASE64URL = /^[A-Za-z0-9_-]+$/

/** A non-empty string of at most `max` characters without NUL (stores cannot hold NUL in text). */
function checkText(value: unknown, what: string, max: number): string {
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw new InvalidInputError(`${what} must be a string of 1 to ${max} characters`)
  }
  if (value.includes("\0")) throw new InvalidInputError(`${what} must not contain NUL`)
  return value
}

/** A safe integer of at least 0 (seq, part, epoch, time, cursors). */
function checkCount(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(`${what} must be a non-negative integer`)
  }
  return value
}

/** A non-empty Uint8Array of at most `max` bytes; returns a plain copy. */
function checkBytes(value: unknown, what: string, max: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidInputError(`${what} must be a Uint8Array`)
  if (value.length === 0 || value.length > max) {
    throw new InvalidInputError(`${what} must be 1 to ${max} bytes`)
  }
  return new Uint8Array(value)
}

/** Check an identity id argument. */
export function checkIdentityId(identityId: unknown): string {
  return checkText(identityId, "identityId", MAX_IDENTITY_ID_LENGTH)
}

/** Check a clock reading (`now`), in ms since the Unix epoch. */
export function checkNow(now: unknown): number {
  return checkCount(now, "now")
}

/** Check an inbox record to append; returns a copy with the payload as a plain Uint8Array. */
export function checkNewInboxRecord(record: unknown): NewInboxRecord {
  if (typeof record !== "object" || record === null) {
    throw new InvalidInputError("an inbox record must be an object")
  }
  const r = record as Record<string, unknown>
  const identityId = checkIdentityId(r.identityId)
  const groupId = checkText(r.groupId, "groupId", MAX_LOCAL_GROUP_ID_LENGTH)
  const seq = checkCount(r.seq, "seq")
  const part = checkCount(r.part, "part")
  const type = checkText(r.type, "type", MAX_INBOX_TYPE_LENGTH)
  const epoch = checkCount(r.epoch, "epoch")
  const time = checkCount(r.time, "time")
  if (!(r.payload instanceof Uint8Array)) {
    throw new InvalidInputError("payload must be a Uint8Array")
  }
  const payload = new Uint8Array(r.payload)
  return { identityId, groupId, seq, part, type, epoch, time, payload }
}

/** `readInbox`'s options with defaults applied. */
export function checkInboxReadOptions(options: InboxReadOptions | undefined): {
  after: number
  limit: number
} {
  const after = options?.after ?? 0
  const limit = options?.limit ?? DEFAULT_INBOX_READ_LIMIT
  checkCount(after, "after")
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_INBOX_READ_LIMIT) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_INBOX_READ_LIMIT}`)
  }
  return { after, limit }
}

/** Check an inbox retention (each limit absent or a positive integer). */
export function checkInboxRetention(retention: InboxRetention | undefined): InboxRetention {
  return checkRetention(retention)
}

/** Check an MLS group id argument (1 to MAX_GROUP_ID_BYTES bytes); returns a plain copy. */
export function checkMlsGroupId(mlsGroupId: unknown): Uint8Array {
  if (!(mlsGroupId instanceof Uint8Array)) {
    throw new InvalidInputError("mlsGroupId must be a Uint8Array")
  }
  if (mlsGroupId.length === 0 || mlsGroupId.length > MAX_GROUP_ID_BYTES) {
    throw new InvalidInputError(`mlsGroupId must be 1 to ${MAX_GROUP_ID_BYTES} bytes`)
  }
  return new Uint8Array(mlsGroupId)
}

/** Check a Welcome id: base64url, 1 to MAX_WELCOME_ID_LENGTH characters. */
export function checkWelcomeId(id: unknown): string {
  if (typeof id !== "string" || id.length > MAX_WELCOME_ID_LENGTH || !BASE64URL.test(id)) {
    throw new InvalidInputError(
      `a Welcome id must be base64url of 1 to ${MAX_WELCOME_ID_LENGTH} characters`,
    )
  }
  return id
}

/** Check a Welcome to keep; returns a copy with its bytes as plain Uint8Arrays. */
export function checkWelcomeRecord(record: unknown): WelcomeRecord {
  if (typeof record !== "object" || record === null) {
    throw new InvalidInputError("a Welcome record must be an object")
  }
  const r = record as Record<string, unknown>
  const id = checkWelcomeId(r.id)
  const identityId = checkIdentityId(r.identityId)
  const mlsGroupId = checkMlsGroupId(r.mlsGroupId)
  const welcome = checkBytes(r.welcome, "welcome", MAX_WELCOME_BYTES)
  const createdAt = checkCount(r.createdAt, "createdAt")
  return { id, identityId, mlsGroupId, welcome, createdAt }
}

/** `listWelcomes`'s options with the default limit applied. */
export function checkWelcomeListOptions(options: { limit?: number } | undefined): {
  limit: number
} {
  const limit = options?.limit ?? DEFAULT_WELCOME_LIST_LIMIT
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_WELCOME_LIST_LIMIT) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_WELCOME_LIST_LIMIT}`)
  }
  return { limit }
}

/** Check the age limit of `trimWelcomes`: a positive integer of ms (as retention's maxAgeMs). */
export function checkMaxAgeMs(maxAgeMs: unknown): number {
  if (typeof maxAgeMs !== "number" || !Number.isSafeInteger(maxAgeMs) || maxAgeMs < 1) {
    throw new InvalidInputError("maxAgeMs must be a positive integer")
  }
  return maxAgeMs
}

/** Check a roster state (opaque, 1 to MAX_ROSTER_STATE_BYTES bytes); returns a plain copy. */
export function checkRosterState(state: unknown): Uint8Array {
  return checkBytes(state, "roster state", MAX_ROSTER_STATE_BYTES)
}

/** Check the version an `updateRoster` expects (a positive integer: versions start at 1). */
export function checkExpectedVersion(expectedVersion: unknown): number {
  if (
    typeof expectedVersion !== "number" ||
    !Number.isSafeInteger(expectedVersion) ||
    expectedVersion < 1
  ) {
    throw new InvalidInputError("expectedVersion must be a positive integer")
  }
  return expectedVersion
}
