/**
 * A W3C Trace Context propagator (`traceparent`, `tracestate`) on the
 * OpenTelemetry API alone, so trace context crosses processes even when the
 * application registered no global propagator. It parses and writes
 * headers the same way as @opentelemetry/core's W3CTraceContextPropagator.
 */
import {
  type Context,
  createTraceState,
  isSpanContextValid,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from "@opentelemetry/api"

/** Header carrying version, trace id, parent span id and flags. */
export const TRACE_PARENT_HEADER = "traceparent"
/** Header carrying vendor-specific trace state. */
export const TRACE_STATE_HEADER = "tracestate"

const TRACE_PARENT =
  /^\s?((?!ff)[\da-f]{2})-((?![0]{32})[\da-f]{32})-((?![0]{16})[\da-f]{16})-([\da-f]{2})(-.*)?\s?$/

/** Injects and extracts `traceparent` / `tracestate` (W3C Trace Context, version 00). */
export class W3CTraceContextPropagator implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(ctx)
    if (!spanContext || !isSpanContextValid(spanContext)) return
    const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, "0")
    setter.set(
      carrier,
      TRACE_PARENT_HEADER,
      `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`,
    )
    const traceState = spanContext.traceState?.serialize()
    if (traceState) setter.set(carrier, TRACE_STATE_HEADER, traceState)
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, TRACE_PARENT_HEADER)
    const header = Array.isArray(raw) ? raw[0] : raw
    if (typeof header !== "string") return ctx
    const match = TRACE_PARENT.exec(header)
    if (!match) return ctx
    const [, version, traceId, spanId, flags, rest] = match
    if (version === "00" && rest !== undefined) return ctx
    const rawState = getter.get(carrier, TRACE_STATE_HEADER)
    const state = Array.isArray(rawState) ? rawState.join(",") : rawState
    return trace.setSpanContext(ctx, {
      traceId: traceId!,
      spanId: spanId!,
      traceFlags: Number.parseInt(flags!, 16),
      isRemote: true,
      ...(typeof state === "string" && state !== "" ? { traceState: createTraceState(state) } : {}),
    })
  }

  fields(): string[] {
    return [TRACE_PARENT_HEADER, TRACE_STATE_HEADER]
  }
}
