/**
 * Paginated lists (`GET /v1/identities`, `GET /v1/groups`): the `limit`
 * parameter, pages ordered by key, and the opaque `cursor`, base64url of the
 * last key (identity id, API group id) of the previous page. Clients pass it
 * back unchanged; anything else is a 400.
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

/** Items per page when `limit` is absent. */
export const DEFAULT_PAGE_LIMIT = 100

/** The most items one page may ask for. */
export const MAX_PAGE_LIMIT = 1000

/** The `limit` query parameter as a number; InvalidInputError outside 1..MAX_PAGE_LIMIT. */
export function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE_LIMIT
  const limit = Number(raw)
  if (limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new InvalidInputError(`limit must be from 1 to ${MAX_PAGE_LIMIT}`)
  }
  return limit
}

/** The page of `items` whose keys follow `after`, in key (code unit) order, with the cursor of the next page when more follow. */
export function takePage<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  after: string | undefined,
  limit: number,
): { page: T[]; nextCursor?: string } {
  const rest = items
    .filter((item) => after === undefined || keyOf(item) > after)
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  const page = rest.slice(0, limit)
  const last = page.at(-1)
  return rest.length > limit && last !== undefined
    ? { page, nextCursor: encodeCursor(keyOf(last)) }
    : { page }
}
