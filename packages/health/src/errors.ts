/**
 * The errors of @mlskit/health. Use `HealthError.isInstance` to recognise them
 * (it survives two installed copies); each has a stable `code` and a
 * `retryable` flag, like every mlskit error: the base comes from the
 * dependency-free @mlskit/errors, so this package does not depend on @mlskit/core.
 */
import { hasErrorMarker, MlskitBaseError } from "@mlskit/errors"

const MARKER = Symbol.for("@mlskit/health/error")

/** Stable machine-readable codes of @mlskit/health errors. */
export type HealthErrorCode = "INVALID_INPUT" | "HEALTH_CHECK_TIMEOUT"

/** Base class of the errors this package creates. */
export class HealthError extends MlskitBaseError<HealthErrorCode> {
  readonly [MARKER] = true

  /** True for any @mlskit/health error, even one from another installed copy. */
  static override isInstance(value: unknown): value is HealthError {
    return hasErrorMarker(value, MARKER)
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
