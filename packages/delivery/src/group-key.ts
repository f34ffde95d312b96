/**
 * Group ids are bytes (RFC 9420 `opaque group_id<V>`); logs key them by
 * their base64url text. This is the one place that checks a group id
 * argument and turns it into that key.
 */
import { InvalidInputError } from "@mlskit/core"

/** The longest group id the log accepts, in bytes. */
export const MAX_GROUP_ID_BYTES = 256

/** Check a group id argument and return its base64url key; InvalidInputError when unfit. */
export function groupKey(groupId: Uint8Array): string {
  if (!(groupId instanceof Uint8Array)) throw new InvalidInputError("groupId must be a Uint8Array")
  if (groupId.length === 0 || groupId.length > MAX_GROUP_ID_BYTES) {
    throw new InvalidInputError(
      `groupId is ${groupId.length} bytes; it must be 1 to ${MAX_GROUP_ID_BYTES}`,
    )
  }
  // Buffer.from copies the few bytes into Node's pool. Reading `.buffer` of
  // the id instead (core's toBase64Url) gives a small on-heap array its own
  // backing store first, and the ids that come with group records are fresh
  // small arrays on every read of a hosted member's log. Same text either way.
  return Buffer.from(groupId).toString("base64url")
}
