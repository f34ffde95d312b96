/**
 * Keeps label values bounded: only operation names and error codes of the
 * expected shape become label values, anything else collapses to a fixed
 * fallback, so a bug upstream cannot explode cardinality.
 */
import { isOperationName } from "@mlskit/core"

const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/

/** The `operation` label value: one of core's operation names, or "unknown". */
export function operationLabel(operation: unknown): string {
  return typeof operation === "string" && isOperationName(operation) ? operation : "unknown"
}

/** The `code` label value for an error: its stable code, or INTERNAL_ERROR. */
export function errorCodeLabel(error: unknown): string {
  const code = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined
  return typeof code === "string" && ERROR_CODE.test(code) ? code : "INTERNAL_ERROR"
}
