/**
 * A local group id names one identity's view of one MLS group, so several
 * local identities can be members of the same group in one process:
 * `${identityId}.${base64url(mlsGroupId)}`.
 */
import { fromBase64Url, toBase64Url } from "./bytes.js"
import { InvalidInputError } from "./errors.js"

/** The id that core's group operations take: identity and MLS group id together. */
export type LocalGroupId = string

/** Build the local group id of `identityId`'s membership in the MLS group `mlsGroupId`. */
export function localGroupId(identityId: string, mlsGroupId: Uint8Array | string): LocalGroupId {
  const gid = typeof mlsGroupId === "string" ? mlsGroupId : toBase64Url(mlsGroupId)
  return `${identityId}.${gid}`
}

/** The identity part of a local group id that core has already accepted (no decoding, no checks). */
export function identityIdOf(id: LocalGroupId): string {
  return id.slice(0, id.indexOf("."))
}

/** Split a local group id; InvalidInputError when it is malformed. */
export function parseLocalGroupId(id: string): { identityId: string; mlsGroupId: Uint8Array } {
  if (typeof id !== "string" || id.length > 600)
    throw new InvalidInputError("group id must be a string")
  const dot = id.indexOf(".")
  const identityId = id.slice(0, dot)
  const mlsGroupId = dot > 0 ? fromBase64Url(id.slice(dot + 1)) : undefined
  if (!mlsGroupId || mlsGroupId.length === 0 || !/^[A-Za-z0-9_-]+$/.test(identityId)) {
    throw new InvalidInputError("malformed group id")
  }
  return { identityId, mlsGroupId }
}
