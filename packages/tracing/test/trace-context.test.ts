import { simulateOperation } from "@mlskit/core/testing"
import { context, ROOT_CONTEXT, trace } from "@opentelemetry/api"
import { beforeAll, describe, expect, it } from "vitest"
import {
  createMlsTracingHooks,
  extractTraceContext,
  type HeaderAccessor,
  injectTraceContext,
  withExtractedContext,
} from "../src/index.js"
import { createTestTracing, useAsyncContext } from "./test-tracing.js"

beforeAll(useAsyncContext)

/** A header container shaped like NATS `MsgHdrs`: get returns "" when absent. */
class BrokerHeaders implements HeaderAccessor {
  readonly #values = new Map<string, string[]>()
  get(key: string): string {
    return this.#values.get(key)?.[0] ?? ""
  }
  set(key: string, value: string): void {
    this.#values.set(key, [value])
  }
  keys(): string[] {
    return [...this.#values.keys()]
  }
}

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
const SPAN_ID = "00f067aa0ba902b7"
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`

describe("injectTraceContext", () => {
  it("writes the active span as a W3C traceparent into a plain headers object", () => {
    const { tracer } = createTestTracing()
    const span = tracer.startSpan("client")
    const headers = context.with(trace.setSpan(context.active(), span), () =>
      injectTraceContext({}),
    )
    const { traceId, spanId } = span.spanContext()
    expect(headers).toEqual({ traceparent: `00-${traceId}-${spanId}-01` })
  })

  it("writes into get/set header containers: fetch Headers, Map and broker headers", () => {
    const { tracer } = createTestTracing()
    const ctx = trace.setSpan(ROOT_CONTEXT, tracer.startSpan("client"))
    const expected = `00-${trace.getSpanContext(ctx)?.traceId}-${trace.getSpanContext(ctx)?.spanId}-01`
    expect(injectTraceContext(new Headers(), ctx).get("traceparent")).toBe(expected)
    expect(injectTraceContext(new Map<string, string>(), ctx).get("traceparent")).toBe(expected)
    expect(injectTraceContext(new BrokerHeaders(), ctx).get("traceparent")).toBe(expected)
  })

  it("writes nothing when there is no span to continue", () => {
    expect(injectTraceContext({ "content-type": "application/mls" })).toEqual({
      "content-type": "application/mls",
    })
  })

  it("carries the trace state along", () => {
    const ctx = extractTraceContext({ traceparent: TRACEPARENT, tracestate: "vendor=a1,other=b2" })
    expect(injectTraceContext({}, ctx)).toEqual({
      traceparent: TRACEPARENT,
      tracestate: "vendor=a1,other=b2",
    })
  })
})

describe("extractTraceContext", () => {
  it("reads a remote parent from Node request headers", () => {
    const spanContext = trace.getSpanContext(extractTraceContext({ traceparent: TRACEPARENT }))
    expect(spanContext).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: 1,
      isRemote: true,
    })
  })

  it("matches header names case-insensitively in plain objects", () => {
    const ctx = extractTraceContext({ Traceparent: TRACEPARENT })
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE_ID)
  })

  it("joins repeated tracestate headers and takes the first traceparent", () => {
    const ctx = extractTraceContext({
      traceparent: [TRACEPARENT, `00-${"1".repeat(32)}-${"2".repeat(16)}-01`],
      tracestate: ["a=1", "b=2"],
    })
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE_ID)
    expect(trace.getSpanContext(ctx)?.traceState?.serialize()).toBe("a=1,b=2")
  })

  it("reads from broker headers whose get returns an empty string when absent", () => {
    const headers = new BrokerHeaders()
    expect(trace.getSpanContext(extractTraceContext(headers))).toBeUndefined()
    headers.set("traceparent", TRACEPARENT)
    expect(trace.getSpanContext(extractTraceContext(headers))?.spanId).toBe(SPAN_ID)
  })

  it("ignores a malformed traceparent and returns the base context", () => {
    for (const traceparent of ["garbage", `00-${"0".repeat(32)}-${SPAN_ID}-01`, 42]) {
      expect(extractTraceContext({ traceparent }, ROOT_CONTEXT)).toBe(ROOT_CONTEXT)
    }
  })

  it("never throws, even when the carrier does", () => {
    const hostile: HeaderAccessor = {
      get() {
        throw new Error("closed")
      },
      set() {
        throw new Error("closed")
      },
    }
    expect(extractTraceContext(hostile, ROOT_CONTEXT)).toBe(ROOT_CONTEXT)
    const { tracer } = createTestTracing()
    const ctx = trace.setSpan(ROOT_CONTEXT, tracer.startSpan("client"))
    expect(injectTraceContext(hostile, ctx)).toBe(hostile)
  })
})

describe("a trace crossing a message boundary", () => {
  it("continues in the receiver's mls.process_message after inject, serialize and extract", async () => {
    const { tracerProvider, span } = createTestTracing()
    const hooks = createMlsTracingHooks({ tracerProvider })

    const handle = hooks.onStart("send_message", { groupId: "g1" })
    const envelope = await hooks.runInContext(handle, async () => ({
      groupId: "g1",
      ciphertext: "bWxzIGJ5dGVz",
      headers: injectTraceContext({}),
    }))
    hooks.onEnd("send_message", { attributes: {}, durationMs: 1 }, handle)

    const received = JSON.parse(JSON.stringify(envelope)) as typeof envelope
    await withExtractedContext(received.headers, () => simulateOperation(hooks, "process_message"))

    const sent = span("mls.send_message").spanContext()
    const processed = span("mls.process_message")
    expect(processed.spanContext().traceId).toBe(sent.traceId)
    expect(processed.parentSpanContext).toMatchObject({ spanId: sent.spanId, isRemote: true })
  })

  it("returns what the callback returns", async () => {
    expect(withExtractedContext({ traceparent: TRACEPARENT }, () => "done")).toBe("done")
    await expect(withExtractedContext({}, async () => "later")).resolves.toBe("later")
  })
})
