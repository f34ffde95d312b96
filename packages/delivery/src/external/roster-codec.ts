/**
 * The stored form of a roster (RosterRecord.state): UTF-8 JSON with a
 * version field, `{"v":1,"suite":..,"epoch":..,"seq":..,"leaves":[..],"proposals":[..]}`.
 * Not secret (identities and refs the log shows anyway). Decoding checks
 * every field, so a corrupt record is a StorageError, never a roster that
 * lets the wrong caller in.
 */
import { InvalidInputError, StorageError } from "@mlskit/core"
import type { Roster } from "./roster.js"
import { rosterFromValue } from "./roster-shape.js"

/** The version `encodeRoster` writes and `decodeRoster` reads. */
export const ROSTER_FORMAT_VERSION = 1

const utf8 = new TextDecoder("utf-8", { fatal: true })
const encoder = new TextEncoder()

/** Encode a roster for storage; InvalidInputError when it is not a well-formed roster. */
export function encodeRoster(roster: Roster): Uint8Array {
  const checked = rosterFromValue(roster)
  if (typeof checked === "string") throw new InvalidInputError(`not a roster: ${checked}`)
  const { suite, epoch, seq, leaves, proposals } = checked
  return encoder.encode(
    JSON.stringify({ v: ROSTER_FORMAT_VERSION, suite, epoch, seq, leaves, proposals }),
  )
}

/** Decode a stored roster; StorageError on anything malformed. */
export function decodeRoster(bytes: Uint8Array): Roster {
  if (!(bytes instanceof Uint8Array)) throw new StorageError("roster record is not bytes")
  let value: unknown
  try {
    value = JSON.parse(utf8.decode(bytes))
  } catch {
    throw new StorageError(`roster record is not UTF-8 JSON (${bytes.length} bytes)`)
  }
  const version =
    typeof value === "object" && value !== null ? (value as { v?: unknown }).v : undefined
  if (version !== ROSTER_FORMAT_VERSION) {
    throw new StorageError("roster record has an unknown format version")
  }
  const roster = rosterFromValue(value)
  if (typeof roster === "string") throw new StorageError(`roster record is malformed: ${roster}`)
  return roster
}
