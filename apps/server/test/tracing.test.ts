import { context } from "@opentelemetry/api"
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks"
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createUsers, startTestServer, type TestServer, type User } from "./helpers.js"

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
const PARENT_SPAN_ID = "00f067aa0ba902b7"

describe("trace context from incoming requests", () => {
  const exporter = new InMemorySpanExporter()
  let t: TestServer
  let alice: User

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    })
    t = await startTestServer({ tracerProvider })
    ;({ alice } = await createUsers(t.admin, "alice"))
  })
  afterAll(async () => {
    await t.stop()
    context.disable()
  })

  it("continues the caller's trace from the traceparent header", async () => {
    exporter.reset()
    const response = await fetch(`${t.server.url}/v1/groups`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${alice.token}`,
        "content-type": "application/json",
        traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`,
      },
      body: JSON.stringify({ name: "traced" }),
    })
    expect(response.status).toBe(201)
    const span = exporter.getFinishedSpans().find((s) => s.name === "mls.create_group")
    expect(span?.spanContext().traceId).toBe(TRACE_ID)
    expect(span?.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID)
  })

  it("starts a new trace when there is no traceparent", async () => {
    exporter.reset()
    await alice.client.createGroup("untraced")
    const span = exporter.getFinishedSpans().find((s) => s.name === "mls.create_group")
    expect(span).toBeDefined()
    expect(span?.spanContext().traceId).not.toBe(TRACE_ID)
    expect(span?.parentSpanContext).toBeUndefined()
  })
})
