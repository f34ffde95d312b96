/**
 * The errors of @mlskit/shutdown. Use `ShutdownError.isInstance` to recognise
 * them (it survives two installed copies); each has a stable `code` and a
 * `retryable` flag, like every mlskit error, without depending on @mlskit/core.
 */

const MARKER = Symbol.for("@mlskit/shutdown/error")

/** Stable machine-readable codes of @mlskit/shutdown errors. */
export type ShutdownErrorCode =
  | "SERVICE_UNAVAILABLE"
  | "INVALID_INPUT"
  | "SHUTDOWN_HOOK_TIMEOUT"
  | "SHUTDOWN_DEADLINE"

/** Base class of the errors this package creates. */
export class ShutdownError extends Error {
  readonly [MARKER] = true
  readonly code: ShutdownErrorCode
  readonly retryable: boolean

  constructor(code: ShutdownErrorCode, message: string, options: { retryable?: boolean } = {}) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? false
  }

  /** True for any @mlskit/shutdown error, even one from another installed copy. */
  static isInstance(value: unknown): value is ShutdownError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    )
  }

  /** A plain object for logs and HTTP bodies: name, code, message, retryable. */
  toJSON(): { name: string; code: ShutdownErrorCode; message: string; retryable: boolean } {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable }
  }
}

/** New work was refused because the process is shutting down; retry on another instance. */
export class ServiceUnavailableError extends ShutdownError {
  constructor(message = "service unavailable: shutting down") {
    super("SERVICE_UNAVAILABLE", message, { retryable: true })
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
