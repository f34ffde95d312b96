/**
 * What of a failed operation's error may go on a span: its name, stable
 * code and message (mlskit messages are secret-free by contract). Never
 * the stack or the cause. Anything that is not an mlskit error keeps only
 * its name, under the code INTERNAL_ERROR.
 */
import type { Exception } from "@opentelemetry/api"

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/

/** The secret-free facts of an error. */
export interface ErrorDetails {
  code: string
  retryable: boolean
  exception: Exception
}

/** The recordable details of an error reported by core. */
export function errorDetails(error: unknown): ErrorDetails {
  const field = (key: string): unknown =>
    typeof error === "object" && error !== null ? Reflect.get(error, key) : undefined
  const code = field("code")
  const name = field("name")
  const message = field("message")
  const retryable = field("retryable")
  const isMlskit = typeof code === "string" && CODE.test(code) && typeof retryable === "boolean"
  const exception: Exception = {
    name: typeof name === "string" ? name : "Error",
    code: isMlskit ? code : "INTERNAL_ERROR",
  }
  if (isMlskit && typeof message === "string") exception.message = message
  return { code: isMlskit ? code : "INTERNAL_ERROR", retryable: retryable === true, exception }
}
