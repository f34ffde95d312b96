/**
 * The opaque `cursor` of paginated lists (`GET /v1/identities`,
 * `GET /v1/groups`): base64url of the last key (identity id, API group id)
 * of the previous page. Clients pass it back unchanged; anything else is a 400.
 */
import { InvalidInputError } from "@mlskit/core"

const PREFIX = "after:"
const ID = /^[A-Za-z0-9_-]{1,64}$/
/** An API group id: base64url of at most 255 bytes. */
const GROUP_ID = /^[A-Za-z0-9_-]{1,340}$/

/** The cursor that continues a listing after the key `lastKey`. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(`${PREFIX}${lastKey}`, "utf8").toString("base64url")
}

/** The key a cursor continues after; InvalidInputError when it is not one this server issued. */
export function decodeCursor(cursor: string, key: RegExp): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8")
  const last = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : ""
  if (!key.test(last) || encodeCursor(last) !== cursor) {
    throw new InvalidInputError("the cursor is not one this server issued")
  }
  return last
}

/** The cursor that continues a listing after the identity `lastId`. */
export const encodeIdentityCursor = (lastId: string): string => encodeCursor(lastId)

/** The identity id a cursor continues after; InvalidInputError when it is not one this server issued. */
export const decodeIdentityCursor = (cursor: string): string => decodeCursor(cursor, ID)

/** The API group id a cursor continues after; InvalidInputError when it is not one this server issued. */
export const decodeGroupCursor = (cursor: string): string => decodeCursor(cursor, GROUP_ID)
