/**
 * @mlskit/tracing: OpenTelemetry spans for mlskit operations through core's
 * operation hooks, and W3C trace-context propagation across processes.
 */

/** Re-exported from @opentelemetry/core: the fallback propagator and its header names. */
export {
  TRACE_PARENT_HEADER,
  TRACE_STATE_HEADER,
  W3CTraceContextPropagator,
} from "@opentelemetry/core"
export {
  createMlsTracingHooks,
  type MlsTracingHooks,
  type MlsTracingOptions,
  type OperationOutcome,
} from "./create-mls-tracing-hooks.js"
export { MLS_ATTRIBUTES, spanAttributes } from "./span-attributes.js"
export { createSpanRunner, type SpanRunner } from "./span-runner.js"
export {
  carrierGetter,
  carrierSetter,
  type HeaderAccessor,
  type HeaderRecord,
  type TraceCarrier,
} from "./trace-carrier.js"
export {
  activePropagator,
  extractTraceContext,
  injectTraceContext,
  type PropagationOptions,
  withExtractedContext,
} from "./trace-context.js"
export { TRACING_SCOPE, TRACING_VERSION } from "./version.js"
