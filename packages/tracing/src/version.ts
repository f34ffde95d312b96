/**
 * The version reported as the instrumentation scope version of every span
 * this package creates. A test keeps it equal to package.json.
 */

/** The version of @mlskit/tracing. */
export const TRACING_VERSION = "0.1.0"

/** The instrumentation scope name of every span this package creates. */
export const TRACING_SCOPE = "@mlskit/tracing"
