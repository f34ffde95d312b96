/**
 * The errors of @mlskit/events. Use `EventsError.isInstance` to recognise them
 * (it survives two installed copies); each has a stable `code` and a
 * `retryable` flag, like every mlskit error, without depending on @mlskit/core.
 */

const MARKER = Symbol.for("@mlskit/events/error")

/** Stable machine-readable codes of @mlskit/events errors. */
export type EventsErrorCode = "INVALID_INPUT" | "EVENT_HANDLER_FAILED"

/** Base class of the errors this package creates. */
export class EventsError extends Error {
  readonly [MARKER] = true
  readonly code: EventsErrorCode
  readonly retryable: boolean

  constructor(
    code: EventsErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? false
  }

  /** True for any @mlskit/events error, even one from another installed copy. */
  static isInstance(value: unknown): value is EventsError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    )
  }
}

/** An option passed to `subscribe` or `iterate` is out of range (thrown at the call, never from `emit`). */
export class InvalidEventOptionsError extends EventsError {
  constructor(message: string) {
    super("INVALID_INPUT", message)
  }
}

/** A subscriber's handler threw or rejected; handed to `onError` with the original error as `cause`. */
export class EventHandlerError extends EventsError {
  /** The type of the event the handler was processing. */
  readonly eventType: string

  constructor(eventType: string, cause: unknown) {
    super("EVENT_HANDLER_FAILED", `a handler failed while processing a ${eventType} event`, {
      cause,
    })
    this.eventType = eventType
  }
}
