/**
 * The two ways a call fails: the server answered with an error
 * (`ApiError`, with the HTTP status and the server's stable `code`), or no
 * answer arrived (`ConnectionError`: refused, reset, or another network
 * failure), in which case the request may or may not have taken effect.
 */

/** The server answered with a status of 400 or more and `{ error: { code, message, reason? } }`. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** Seconds from the `Retry-After` header (503 responses), when present. */
  readonly retryAfterSeconds: number | undefined
  /** The server's stable refinement of `code` (for example "future_epoch", "replayed"), when it sent one. */
  readonly reason: string | undefined
  /** `COMMIT_CONFLICT`: the seq of the commit that took the epoch (read the log up to it, apply it, redo). */
  readonly winner: number | undefined
  /** `ALREADY_APPENDED`: the seq the message already has in the group log. */
  readonly seq: number | undefined

  constructor(
    status: number,
    code: string,
    message: string,
    retryAfterSeconds?: number,
    reason?: string,
    details: { winner?: number; seq?: number } = {},
  ) {
    super(message)
    this.name = "ApiError"
    this.status = status
    this.code = code
    this.retryAfterSeconds = retryAfterSeconds
    this.reason = reason
    this.winner = details.winner
    this.seq = details.seq
  }

  /** True when retrying later may succeed (503, 409 and 429). */
  get retryable(): boolean {
    return this.status === 503 || this.status === 409 || this.status === 429
  }
}

/** How a connection failed. */
export type ConnectionFailure = "refused" | "reset" | "network"

/** No response arrived: the request was not acknowledged and may or may not have been applied. */
export class ConnectionError extends Error {
  readonly failure: ConnectionFailure

  constructor(failure: ConnectionFailure, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = "ConnectionError"
    this.failure = failure
  }
}

const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"])

/** Classify an error thrown by fetch or by reading a response body. */
export function toConnectionError(error: unknown): ConnectionError {
  const codes = errorCodes(error)
  const failure: ConnectionFailure = codes.includes("ECONNREFUSED")
    ? "refused"
    : codes.some((code) => RESET_CODES.has(code))
      ? "reset"
      : "network"
  return new ConnectionError(failure, `connection ${failure}`, { cause: error })
}

/** True for the error an aborted fetch throws. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = []
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") codes.push(code)
    current = (current as { cause?: unknown }).cause
  }
  return codes
}
