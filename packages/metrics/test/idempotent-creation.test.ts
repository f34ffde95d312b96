import { Counter, register as globalRegistry, Registry } from "prom-client"
import { describe, expect, it } from "vitest"
import { createMlsMetrics } from "../src/index.js"
import { sampleValue } from "./exposition.js"

describe("createMlsMetrics", () => {
  it("returns the same metrics when called twice with one registry", async () => {
    const registry = new Registry()
    const first = createMlsMetrics({ registry })
    const second = createMlsMetrics({ registry })
    expect(second).toBe(first)
    first.onEnd("send_message", { attributes: {}, durationMs: 1 })
    second.onEnd("send_message", { attributes: {}, durationMs: 1 })
    const text = await registry.metrics()
    expect(sampleValue(text, "mls_messages_encrypted_total")).toBe(2)
    expect(text.match(/^# TYPE mls_messages_encrypted_total /gm)).toHaveLength(1)
  })

  it("reuses metrics already registered under the same names by another instance", async () => {
    const registry = new Registry()
    new Counter({
      name: "mls_groups_created_total",
      help: "pre-existing",
      registers: [registry],
    }).inc(5)
    const metrics = createMlsMetrics({ registry })
    metrics.onEnd("create_group", { attributes: {}, durationMs: 1 })
    expect(sampleValue(await registry.metrics(), "mls_groups_created_total")).toBe(6)
  })

  it("fails clearly when a name is taken by a metric of another type", () => {
    const registry = new Registry()
    new Counter({ name: "mls_active_groups", help: "wrong type", registers: [registry] })
    expect(() => createMlsMetrics({ registry })).toThrow(/mls_active_groups .*different type/)
  })

  it("registers anew after the registry was cleared", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    registry.clear()
    const metrics = createMlsMetrics({ registry })
    metrics.onEnd("create_group", { attributes: {}, durationMs: 1 })
    expect(sampleValue(await registry.metrics(), "mls_groups_created_total")).toBe(1)
  })

  it("keeps separate registries and prefixes independent", async () => {
    const a = new Registry()
    const b = new Registry()
    createMlsMetrics({ registry: a }).onEnd("create_group", { attributes: {}, durationMs: 1 })
    createMlsMetrics({ registry: b })
    createMlsMetrics({ registry: a, prefix: "x_" })
    expect(sampleValue(await a.metrics(), "mls_groups_created_total")).toBe(1)
    expect(sampleValue(await a.metrics(), "x_mls_groups_created_total")).toBe(0)
    expect(sampleValue(await b.metrics(), "mls_groups_created_total")).toBe(0)
  })

  it("never registers on prom-client's global registry", () => {
    createMlsMetrics({ registry: new Registry() })
    expect(globalRegistry.getSingleMetric("mls_groups_created_total")).toBeUndefined()
  })

  it("requires a registry", () => {
    expect(() => createMlsMetrics({} as Parameters<typeof createMlsMetrics>[0])).toThrow(TypeError)
  })
})
