/**
 * The base class of every mlskit error. Each package derives its own family
 * from it (core's `MlskitError`, `HealthError`, `ShutdownError`,
 * `EventsError`) with its own code union and marker, so a family check stays
 * narrow while `MlskitBaseError.isInstance` recognises any of them.
 */
import { hasErrorMarker } from "./error-marker.js"

const MARKER = Symbol.for("@mlskit/errors/error")

/** Options every mlskit error accepts. */
export interface MlskitErrorOptions {
  /** The underlying failure, kept for logs (never put into the message). */
  cause?: unknown
  /** Whether the same call may succeed if tried again later. Default false. */
  retryable?: boolean
}

/** The plain form of an error for logs and HTTP bodies. */
export interface MlskitErrorJson<Code extends string = string> {
  name: string
  code: Code
  message: string
  retryable: boolean
}

/** Base class of every mlskit error: a stable `code`, a `retryable` flag and an optional `cause`. */
export class MlskitBaseError<Code extends string = string> extends Error {
  readonly [MARKER] = true
  /** Stable machine-readable code: branch on this, never on the message. */
  readonly code: Code
  /** True if the same call may succeed when tried again later. */
  readonly retryable: boolean

  constructor(code: Code, message: string, options: MlskitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? false
  }

  /** True for an error of any mlskit package, even one from another installed copy. */
  static isInstance(value: unknown): value is MlskitBaseError {
    return hasErrorMarker(value, MARKER)
  }

  /** A plain object for logs and HTTP bodies: name, code, message, retryable. */
  toJSON(): MlskitErrorJson<Code> {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable }
  }
}
