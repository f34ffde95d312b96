/**
 * The `after`, `limit` and `wait` query parameters of the inbox and group
 * log routes: their schemas and their parsing into numbers, in one place.
 */
import { InvalidInputError } from "@mlskit/core"
import type { JsonSchema } from "./schemas.js"

/** Entries per page of the inbox and the log: default and most. */
export const DEFAULT_DELIVERY_PAGE = 100
export const MAX_DELIVERY_PAGE = 1000
/** The longest `wait` of a long poll, in seconds. */
export const MAX_WAIT_SECONDS = 60

/** A query parameter holding a non-negative integer. */
export function cursorQuery(description: string): JsonSchema {
  return { type: "string", pattern: "^[0-9]{1,15}$", maxLength: 15, description }
}

/** The schemas of `after`, `limit` and `wait` (`what`: "cursor" or "seq"). */
export function pageQuerySchemas(what: string): Record<string, JsonSchema> {
  return {
    after: cursorQuery(`entries after this ${what} (default 0)`),
    limit: cursorQuery(
      `entries per page, 1 to ${MAX_DELIVERY_PAGE} (default ${DEFAULT_DELIVERY_PAGE})`,
    ),
    wait: cursorQuery(`seconds to wait for a first entry, 0 to ${MAX_WAIT_SECONDS} (default 0)`),
  }
}

/** The page a query asks for; InvalidInputError when a value is out of range. */
export function pageQuery(query: { after?: string; limit?: string; wait?: string }): {
  after: number
  limit: number
  waitMs: number
} {
  return {
    after: queryInt(query.after, "after", 0, Number.MAX_SAFE_INTEGER, 0),
    limit: queryInt(query.limit, "limit", 1, MAX_DELIVERY_PAGE, DEFAULT_DELIVERY_PAGE),
    waitMs: queryInt(query.wait, "wait", 0, MAX_WAIT_SECONDS, 0) * 1000,
  }
}

/** A query integer within [min, max], or `fallback` when absent. */
export function queryInt(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined) return fallback
  const value = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new InvalidInputError(`${name} must be an integer from ${min} to ${max}`)
  return value
}
