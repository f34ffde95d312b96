/**
 * The errors of @mlskit/shutdown. Use `ShutdownError.isInstance` to recognise
 * them (it survives two installed copies); each has a stable `code` and a
 * `retryable` flag, like every mlskit error: the base comes from the
 * dependency-free @mlskit/errors, so this package does not depend on @mlskit/core.
 */
import { hasErrorMarker, MlskitBaseError, ServiceUnavailableError } from "@mlskit/errors"

/** New work was refused because the process is shutting down; the one class core and shutdown share. */
export { ServiceUnavailableError } from "@mlskit/errors"

const MARKER = Symbol.for("@mlskit/shutdown/error")

/** The refusal new work gets once the coordinator no longer accepts it. */
export function shuttingDownError(): ServiceUnavailableError {
  return new ServiceUnavailableError("service unavailable: shutting down")
}

/** Stable machine-readable codes of @mlskit/shutdown errors. */
export type ShutdownErrorCode =
  | "SERVICE_UNAVAILABLE"
  | "INVALID_INPUT"
  | "SHUTDOWN_HOOK_TIMEOUT"
  | "SHUTDOWN_DEADLINE"

/** Base class of the errors this package creates. */
export class ShutdownError extends MlskitBaseError<ShutdownErrorCode> {
  readonly [MARKER] = true

  /** True for any @mlskit/shutdown error, even one from another installed copy. */
  static override isInstance(value: unknown): value is ShutdownError {
    return hasErrorMarker(value, MARKER) || ServiceUnavailableError.isInstance(value)
  }
}

/** An option or hook registration is invalid (bad name, timeout or order). */
export class InvalidShutdownOptionError extends ShutdownError {
  constructor(message: string) {
    super("INVALID_INPUT", message)
  }
}

/** A shutdown hook did not finish within its own timeout. */
export class HookTimeoutError extends ShutdownError {
  constructor(name: string, timeoutMs: number) {
    super("SHUTDOWN_HOOK_TIMEOUT", `shutdown hook ${name} timed out after ${timeoutMs} ms`)
  }
}

/** The overall shutdown deadline passed before this step finished. */
export class ShutdownDeadlineError extends ShutdownError {
  constructor(timeoutMs: number) {
    super("SHUTDOWN_DEADLINE", `shutdown deadline of ${timeoutMs} ms passed`)
  }
}
