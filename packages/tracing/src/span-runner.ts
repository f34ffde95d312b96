/**
 * `createSpanRunner`: run a piece of work in its own span (active while it
 * runs, so core's operation spans inside become its children), for work
 * that is not one core operation, such as a delivery append or apply. A
 * failure is recorded with its code only, never its message's data.
 */
import {
  type Attributes,
  context,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from "@opentelemetry/api"
import { errorDetails } from "./error-details.js"
import { MLS_ATTRIBUTES } from "./span-attributes.js"
import { TRACING_SCOPE, TRACING_VERSION } from "./version.js"

/** Runs `work` inside a span named `name` with `attributes`. */
export type SpanRunner = <T>(
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
) => Promise<T>

/** A span runner on `tracerProvider` (default: the global provider). */
export function createSpanRunner(options: { tracerProvider?: TracerProvider } = {}): SpanRunner {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    TRACING_SCOPE,
    TRACING_VERSION,
  )
  return async (name, attributes, work) => {
    const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes })
    try {
      const result = await context.with(trace.setSpan(context.active(), span), work)
      span.setStatus({ code: SpanStatusCode.OK })
      return result
    } catch (err) {
      const { code, retryable, exception } = errorDetails(err)
      span.setAttributes({
        [MLS_ATTRIBUTES.errorCode]: code,
        [MLS_ATTRIBUTES.errorRetryable]: retryable,
        "error.type": code,
      })
      span.recordException(exception)
      span.setStatus({ code: SpanStatusCode.ERROR, message: code })
      throw err
    } finally {
      span.end()
    }
  }
}
