/**
 * The errors of @mlskit/health. Use `HealthError.isInstance` to recognise them
 * (it survives two installed copies); each has a stable `code` and a
 * `retryable` flag, like every mlskit error, without depending on @mlskit/core.
 */

const MARKER = Symbol.for("@mlskit/health/error")

/** Stable machine-readable codes of @mlskit/health errors. */
export type HealthErrorCode = "INVALID_INPUT" | "HEALTH_CHECK_TIMEOUT"

/** Base class of the errors this package creates. */
export class HealthError extends Error {
  readonly [MARKER] = true
  readonly code: HealthErrorCode
  readonly retryable: boolean

  constructor(code: HealthErrorCode, message: string, options: { retryable?: boolean } = {}) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? false
  }

  /** True for any @mlskit/health error, even one from another installed copy. */
  static isInstance(value: unknown): value is HealthError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    )
  }
}

/** A check was registered with a bad name (empty or taken) or a bad option. */
export class InvalidHealthCheckError extends HealthError {
  constructor(message: string) {
    super("INVALID_INPUT", message)
  }
}

/** A check did not settle within its timeout; handed to `onCheckError`. */
export class HealthCheckTimeoutError extends HealthError {
  readonly timeoutMs: number

  constructor(name: string, timeoutMs: number) {
    super("HEALTH_CHECK_TIMEOUT", `health check ${name} timed out after ${timeoutMs} ms`, {
      retryable: true,
    })
    this.timeoutMs = timeoutMs
  }
}
