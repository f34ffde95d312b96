import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from "@opentelemetry/api"
import { W3CTraceContextPropagator as CoreW3CPropagator } from "@opentelemetry/core"
import { afterEach, describe, expect, it } from "vitest"
import {
  activePropagator,
  extractTraceContext,
  injectTraceContext,
  W3CTraceContextPropagator,
} from "../src/index.js"

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
const SPAN_ID = "00f067aa0ba902b7"

/** A stand-in for an application's own propagator (B3, Jaeger, ...): one header "x-trace". */
class SingleHeaderPropagator implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpanContext(ctx)
    if (span) setter.set(carrier, "x-trace", `${span.traceId}:${span.spanId}`)
  }
  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const value = getter.get(carrier, "x-trace")
    if (typeof value !== "string") return ctx
    const [traceId = "", spanId = ""] = value.split(":")
    return trace.setSpanContext(ctx, { traceId, spanId, traceFlags: 1, isRemote: true })
  }
  fields(): string[] {
    return ["x-trace"]
  }
}

afterEach(() => {
  propagation.disable()
})

const ctx = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  traceFlags: 1,
})

describe("propagator choice", () => {
  it("falls back to W3C trace context when no global propagator is registered", () => {
    expect(propagation.fields()).toEqual([])
    expect(injectTraceContext({}, ctx)).toEqual({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` })
  })

  it("falls back to @opentelemetry/core's W3CTraceContextPropagator, which the package re-exports", () => {
    expect(activePropagator()).toBeInstanceOf(CoreW3CPropagator)
    expect(W3CTraceContextPropagator).toBe(CoreW3CPropagator)
  })

  it("uses the application's global propagator once one is registered", () => {
    propagation.setGlobalPropagator(new SingleHeaderPropagator())
    const headers = injectTraceContext({}, ctx)
    expect(headers).toEqual({ "x-trace": `${TRACE_ID}:${SPAN_ID}` })
    expect(trace.getSpanContext(extractTraceContext(headers, context.active()))?.spanId).toBe(
      SPAN_ID,
    )
  })

  it("uses an explicitly passed propagator over the global one", () => {
    const explicit = new SingleHeaderPropagator()
    expect(activePropagator({ propagator: explicit })).toBe(explicit)
    expect(injectTraceContext({}, ctx, { propagator: explicit })).toHaveProperty("x-trace")
  })

  it("uses the W3C propagator an application registers at start, as an OpenTelemetry SDK does", () => {
    propagation.setGlobalPropagator(new CoreW3CPropagator())
    expect(activePropagator()).toBe(propagation)
    const headers = injectTraceContext({}, ctx)
    expect(headers).toEqual({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` })
    expect(trace.getSpanContext(extractTraceContext(headers, ROOT_CONTEXT))?.traceId).toBe(TRACE_ID)
  })
})
