/**
 * The API names a group by base64url of its MLS group id, the same for
 * every member; core names the caller's copy by a local id that adds the
 * identity. These convert between the two.
 */
import { fromBase64Url, InvalidInputError, type LocalGroupId, localGroupId } from "@mlskit/core"

/** The caller's local group id for the API group id `groupId`; InvalidInputError when malformed. */
export function toLocalGroupId(identityId: string, groupId: string): LocalGroupId {
  decodeGroupId(groupId)
  return localGroupId(identityId, groupId)
}

/** The MLS group id bytes of the API group id `groupId`; InvalidInputError when malformed. */
export function decodeGroupId(groupId: string): Uint8Array {
  const bytes = fromBase64Url(groupId)
  if (bytes === undefined || bytes.length === 0) {
    throw new InvalidInputError("groupId is not base64url without padding")
  }
  return bytes
}

/** The API group id inside a local group id. */
export function toApiGroupId(local: LocalGroupId): string {
  return local.slice(local.indexOf(".") + 1)
}
