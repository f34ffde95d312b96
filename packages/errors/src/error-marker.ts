/**
 * Brand checks instead of `instanceof`: an error carries a `Symbol.for(...)`
 * key set to `true`, and a check looks for that key. `Symbol.for` returns the
 * same symbol in every copy of a package, so the check still holds when two
 * versions of a package are installed side by side.
 */

/** True if `value` is an object carrying `marker` (set by the error class that owns the marker). */
export function hasErrorMarker(value: unknown, marker: symbol): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[marker] === true
  )
}
