/**
 * @mlskit/errors: the error base shared by every mlskit package, with no
 * dependencies, so standalone packages (events, health, shutdown) share it
 * without depending on @mlskit/core.
 */
export { hasErrorMarker } from "./error-marker.js"
export type { MlskitErrorJson, MlskitErrorOptions } from "./mlskit-base-error.js"
export { MlskitBaseError } from "./mlskit-base-error.js"
export { ServiceUnavailableError } from "./service-unavailable-error.js"
