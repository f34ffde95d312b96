/**
 * The opaque `cursor` of `GET /v1/identities`: base64url of the last id of
 * the previous page. Clients pass it back unchanged; anything else is a 400.
 */
import { InvalidInputError } from "@mlskit/core"

const PREFIX = "after:"
const ID = /^[A-Za-z0-9_-]{1,64}$/

/** The cursor that continues a listing after the identity `lastId`. */
export function encodeIdentityCursor(lastId: string): string {
  return Buffer.from(`${PREFIX}${lastId}`, "utf8").toString("base64url")
}

/** The id a cursor continues after; InvalidInputError when it is not one this server issued. */
export function decodeIdentityCursor(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8")
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : ""
  if (!ID.test(id) || encodeIdentityCursor(id) !== cursor) {
    throw new InvalidInputError("the cursor is not one this server issued")
  }
  return id
}
