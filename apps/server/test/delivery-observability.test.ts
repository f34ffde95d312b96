/**
 * What hosted delivery tells operators, over a real server: spans for each
 * append and apply (core's process span inside the apply), LogAppended and
 * EntryApplied events for their identities, and mls_delivery_* metrics whose
 * labels carry kinds and reasons, never a group or identity id. Bad input on
 * the delivery routes changes no log.
 */
import { context } from "@opentelemetry/api"
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks"
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DeliveryApi, statusOf } from "./delivery-api.js"
import { createUsers, metricValue, startTestServer, type TestServer } from "./helpers.js"

describe("delivery spans, events and metrics", () => {
  const exporter = new InMemorySpanExporter()
  let t: TestServer
  let alice: DeliveryApi
  let bob: DeliveryApi
  let ids: string[]
  let groupId: string

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    })
    t = await startTestServer({ tracerProvider, env: { MLSKIT_DELIVERY_DRIVER: "store" } })
    const users = await createUsers(t.admin, "alice", "bob")
    alice = new DeliveryApi(t.server.url, users.alice.token)
    bob = new DeliveryApi(t.server.url, users.bob.token)
    groupId = (await alice.createGroup("observed")).groupId
    await alice.add(groupId, { identities: ["bob"] })
    await t.service.delivery?.idle()
    ids = [users.alice.id, users.bob.id, groupId]
  })
  afterAll(async () => {
    await t.stop()
    context.disable()
  })

  it("traces the append and each apply, with core's processing inside the apply", async () => {
    exporter.reset()
    await alice.send(groupId, "traced")
    await t.service.delivery?.idle()
    const spans = exporter.getFinishedSpans()
    const append = spans.filter((s) => s.name === "mls.delivery.append")
    const apply = spans.filter(
      (s) => s.name === "mls.delivery.apply" && s.attributes["mls.delivery.kind"] === "application",
    )
    expect(append).toHaveLength(1)
    expect(apply.length).toBeGreaterThanOrEqual(1)
    const processed = spans.filter((s) => s.name === "mls.process_message")
    const applyIds = new Set(apply.map((s) => s.spanContext().spanId))
    expect(processed.some((s) => applyIds.has(s.parentSpanContext?.spanId ?? ""))).toBe(true)
  })

  it("announces appends to the sender and applies to the receiver", async () => {
    const seen: { type: string; identity: string; kind?: string }[] = []
    const off = t.service.subscribe("*", (event) => {
      if (event.type === "LogAppended" || event.type === "EntryApplied")
        seen.push({ type: event.type, identity: event.identity, kind: event.kind })
    })
    await alice.send(groupId, "announced")
    await t.service.delivery?.idle()
    off()
    const [aliceId, bobId] = ids
    expect(seen).toContainEqual({ type: "LogAppended", identity: aliceId, kind: "application" })
    expect(seen).toContainEqual({ type: "EntryApplied", identity: bobId, kind: "application" })
  })

  it("counts in mls_delivery_* without ids in any label", async () => {
    const text = await t.service.registry.metrics()
    expect(metricValue(text, 'mls_delivery_log_appends_total{kind="application"}')).toBeGreaterThan(
      0,
    )
    expect(metricValue(text, 'mls_delivery_applied_total{kind="commit"}')).toBeGreaterThan(0)
    expect(metricValue(text, "mls_delivery_forks_detected_total")).toBe(0)
    const delivery = text.split("\n").filter((l) => l.startsWith("mls_delivery_"))
    expect(delivery.length).toBeGreaterThan(10)
    for (const line of delivery) for (const id of ids) expect(line).not.toContain(id)
  })

  it("answers bad input on the delivery routes with 4xx and appends nothing", async () => {
    const before = (await alice.log(groupId)).entries.length
    const bad: [string, string, unknown][] = [
      ["GET", `/v1/groups/${groupId}/log?after=-1`, undefined],
      ["GET", `/v1/groups/${groupId}/log?limit=0`, undefined],
      ["GET", `/v1/groups/${groupId}/log?limit=1001`, undefined],
      ["GET", `/v1/groups/${groupId}/log?after=99999999999999999`, undefined],
      ["GET", "/v1/groups/not*base64/log", undefined],
      ["POST", `/v1/groups/${groupId}/members/remove`, { identities: ["nobody"] }],
      ["POST", `/v1/groups/${groupId}/members/remove`, { identities: ["alice"] }],
      ["POST", `/v1/groups/${groupId}/members/remove`, {}],
      ["POST", `/v1/groups/${groupId}/members/remove`, { leafIndices: [7] }],
      ["POST", `/v1/groups/${groupId}/messages`, { text: "x", plaintext: "eA" }],
      ["POST", `/v1/groups/${groupId}/messages`, {}],
      ["POST", `/v1/groups/${groupId}/update`, { extra: true }],
      ["POST", "/v1/key-packages/claim", { identities: ["bob"], more: 1 }],
      ["POST", "/v1/key-packages/claim", { identities: "bob" }],
      ["POST", "/v1/key-packages/claim", { identities: Array(101).fill("bob") }],
    ]
    for (const [method, path, body] of bad) {
      const status = await statusOf(alice.call(method, path, body))
      expect({ path, body, status: status >= 400 && status < 500 }).toEqual({
        path,
        body,
        status: true,
      })
    }
    expect((await alice.log(groupId)).entries.length).toBe(before)
    expect((await bob.group(groupId)).epoch).toBe((await alice.group(groupId)).epoch)
  })
})
