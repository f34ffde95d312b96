/**
 * The errors of @mlskit/events. Use `EventsError.isInstance` to recognise them
 * (it survives two installed copies); each has a stable `code` and a
 * `retryable` flag, like every mlskit error: the base comes from the
 * dependency-free @mlskit/errors, so this package does not depend on @mlskit/core.
 */
import { hasErrorMarker, MlskitBaseError } from "@mlskit/errors"

const MARKER = Symbol.for("@mlskit/events/error")

/** Stable machine-readable codes of @mlskit/events errors. */
export type EventsErrorCode = "INVALID_INPUT" | "EVENT_HANDLER_FAILED"

/** Base class of the errors this package creates. */
export class EventsError extends MlskitBaseError<EventsErrorCode> {
  readonly [MARKER] = true

  /** True for any @mlskit/events error, even one from another installed copy. */
  static override isInstance(value: unknown): value is EventsError {
    return hasErrorMarker(value, MARKER)
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
