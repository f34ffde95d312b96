/**
 * Classification of node-postgres failures. Lost connections, server
 * restarts and lock or serialization conflicts are retryable StorageErrors;
 * everything else (bad SQL, constraint, permission) is not.
 */
import { MlskitError, StorageError } from "@mlskit/core"

/** SQLSTATEs after which the same call can succeed later. */
const RETRYABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: the server is stopping or the backend was terminated
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting up or shutting down
  "53300", // too_many_connections
  "40001", // serialization_failure
  "40P01", // deadlock_detected
])

/** Node.js socket error codes of an unreachable or vanished server. */
const RETRYABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
])

/** node-postgres messages for a connection that ended or never came. */
const RETRYABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
]

/** The SQLSTATE or socket code of a pg failure, if it has one. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === "string" ? code : undefined
}

/** True when the failure is transient: the connection was lost or the server was unavailable. */
export function isRetryablePgError(error: unknown): boolean {
  const code = pgErrorCode(error)
  if (code !== undefined) {
    if (code.startsWith("08") || RETRYABLE_SQLSTATES.has(code)) return true
    if (RETRYABLE_SOCKET_CODES.has(code)) return true
  }
  if (error instanceof AggregateError) return error.errors.some(isRetryablePgError)
  if (error instanceof Error)
    return RETRYABLE_MESSAGES.some((pattern) => pattern.test(error.message))
  return false
}

/** `error` as an MlskitError: mlskit errors pass through, the rest become StorageError. */
export function toStorageError(error: unknown, action: string): MlskitError {
  if (MlskitError.isInstance(error)) return error
  const code = pgErrorCode(error)
  const retryable = isRetryablePgError(error)
  const reason = retryable ? "connection lost or server unavailable" : "failed"
  return new StorageError(
    `postgres: ${action} ${reason}${code === undefined ? "" : ` (${code})`}`,
    {
      cause: error,
      retryable,
    },
  )
}
