/**
 * Trace context travels in NATS headers: one trace from the HTTP send on
 * instance A (continuing the caller's traceparent) through the append to
 * the apply on instance B, which alone takes entries from the appliers
 * here. Two in-process instances on one PostgreSQL schema and one stream.
 */
import { randomBytes } from "node:crypto"
import { context } from "@opentelemetry/api"
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks"
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base"
import { afterAll, beforeAll, expect, it } from "vitest"
import { DeliveryApi } from "./delivery-api.js"
import { createUsers, startTestServer, type TestServer } from "./helpers.js"
import { type OwnNatsServer, startOwnNatsServer } from "./own-nats-server.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./postgres.js"

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
const PARENT = "b7ad6b7169203331"

describeWithPostgres("trace context across instances through NATS", () => {
  const exporterA = new InMemorySpanExporter()
  const exporterB = new InMemorySpanExporter()
  let a: TestServer
  let b: TestServer
  let nats: OwnNatsServer
  const schema = randomSchema()

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
    nats = await startOwnNatsServer()
    const env = {
      MLSKIT_STORAGE_DRIVER: "postgres",
      MLSKIT_STORAGE_POSTGRES_URL: PG_URL,
      MLSKIT_STORAGE_POSTGRES_SCHEMA: schema,
      MLSKIT_STORAGE_STATE_KEY: randomBytes(32).toString("hex"),
      MLSKIT_DELIVERY_DRIVER: "nats",
      MLSKIT_DELIVERY_NATS_URL: nats.url,
      MLSKIT_DELIVERY_NATS_STREAM: `MLSKIT_TEST_${randomBytes(6).toString("hex")}`,
      MLSKIT_LOGGING_LEVEL: "warn",
    }
    const provider = (exporter: InMemorySpanExporter) =>
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
    a = await startTestServer({ env, tracerProvider: provider(exporterA) })
    b = await startTestServer({ env, tracerProvider: provider(exporterB) })
    // Only B applies handed-out entries, so the apply is on the other instance.
    await (a.service as unknown as { appliers?: { stop(): Promise<void> } }).appliers?.stop()
  }, 60_000)

  afterAll(async () => {
    await a?.stop()
    await b?.stop()
    await nats?.dispose()
    await dropSchema(schema)
    context.disable()
  })

  it("continues the sender's trace in B's apply", async () => {
    const users = await createUsers(a.admin, "tia", "tom")
    const tia = new DeliveryApi(a.server.url, users.tia.token)
    const { groupId } = await tia.createGroup("traced")
    await tia.add(groupId, { identities: ["tom"] })
    exporterA.reset()
    exporterB.reset()
    const response = await fetch(`${a.server.url}/v1/groups/${groupId}/messages`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${users.tia.token}`,
        "content-type": "application/json",
        traceparent: `00-${TRACE_ID}-${PARENT}-01`,
      },
      body: JSON.stringify({ text: "traced hello" }),
    })
    expect(response.status).toBe(200)
    const deadline = Date.now() + 10_000
    const traced = (s: { name: string; spanContext(): { traceId: string } }, name: string) =>
      s.name === name && s.spanContext().traceId === TRACE_ID
    while (!exporterB.getFinishedSpans().some((s) => traced(s, "mls.delivery.fan_out"))) {
      if (Date.now() > deadline) throw new Error("B never applied the entry")
      await new Promise((r) => setTimeout(r, 50))
    }
    const append = exporterA.getFinishedSpans().find((s) => s.name === "mls.delivery.append")
    const fanOut = exporterB.getFinishedSpans().find((s) => traced(s, "mls.delivery.fan_out"))
    const applied = exporterB
      .getFinishedSpans()
      .filter((s) => s.name === "mls.delivery.apply" && s.spanContext().traceId === TRACE_ID)
    expect(append?.spanContext().traceId).toBe(TRACE_ID)
    expect(fanOut?.spanContext().traceId).toBe(TRACE_ID)
    expect(fanOut?.parentSpanContext?.spanId).toBe(append?.spanContext().spanId)
    expect(applied.length).toBeGreaterThan(0)
    const inbox = await new DeliveryApi(b.server.url, users.tom.token).allInbox()
    expect(inbox.filter((e) => e.text === "traced hello")).toHaveLength(1)
  })
})
