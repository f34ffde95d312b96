/**
 * The one "retry later" error of mlskit: thrown by core, the service and
 * shutdown alike, so a caller needs one check (`code`
 * `SERVICE_UNAVAILABLE`, retryable, HTTP 503) whichever package refused.
 */
import { hasErrorMarker } from "./error-marker.js"
import { MlskitBaseError, type MlskitErrorOptions } from "./mlskit-base-error.js"

const MARKER = Symbol.for("@mlskit/errors/service-unavailable")

/** The service is shutting down or a dependency is unavailable; retry later (retryable by default). */
export class ServiceUnavailableError extends MlskitBaseError<"SERVICE_UNAVAILABLE"> {
  readonly [MARKER] = true

  constructor(message = "service unavailable", options?: MlskitErrorOptions) {
    super("SERVICE_UNAVAILABLE", message, { retryable: true, ...options })
  }

  /** True for a ServiceUnavailableError from any installed copy of this package. */
  static override isInstance(value: unknown): value is ServiceUnavailableError {
    return hasErrorMarker(value, MARKER)
  }
}
