import { readFile } from "node:fs/promises"
import { type OpenMetricsContentType, Registry } from "prom-client"
import { afterEach, describe, expect, it } from "vitest"
import {
  createMlsMetrics,
  DEFAULT_DURATION_BUCKETS_MS,
  type MetricsRegistry,
  startMetricsServer,
} from "../src/index.js"
import { metricTypes, scrape } from "./exposition.js"

const servers: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function serve(registry: MetricsRegistry) {
  const server = await startMetricsServer({ registry, port: 0, host: "127.0.0.1" })
  servers.push(server)
  return server
}

const EXPECTED_TYPES: Record<string, string> = {
  mls_create_group_duration_ms: "histogram",
  mls_join_group_duration_ms: "histogram",
  mls_send_message_duration_ms: "histogram",
  mls_process_message_duration_ms: "histogram",
  mls_add_members_duration_ms: "histogram",
  mls_remove_members_duration_ms: "histogram",
  mls_operation_duration_ms: "histogram",
  mls_messages_encrypted_total: "counter",
  mls_messages_decrypted_total: "counter",
  mls_proposals_received_total: "counter",
  mls_commits_received_total: "counter",
  mls_members_added_total: "counter",
  mls_members_removed_total: "counter",
  mls_groups_created_total: "counter",
  mls_operation_errors_total: "counter",
  mls_state_unreadable_total: "counter",
  mls_active_groups: "gauge",
  mls_service_health_status: "gauge",
}

describe("metrics exposition", () => {
  it("serves every mlskit metric with its # TYPE over HTTP, and nothing else", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    const text = await scrape((await serve(registry)).url)
    expect(Object.fromEntries(metricTypes(text))).toEqual(EXPECTED_TYPES)
  })

  it("exposes unlabelled counters and gauges at 0 before anything happens", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    const text = await scrape((await serve(registry)).url)
    for (const [name, type] of Object.entries(EXPECTED_TYPES)) {
      if (type === "histogram" || name === "mls_operation_errors_total") continue
      if (name === "mls_state_unreadable_total") continue
      expect(text).toMatch(new RegExp(`^${name} 0$`, "m"))
    }
  })

  it("counts unreadable stored records by record kind, every kind starting at 0", async () => {
    const registry = new Registry()
    const metrics = createMlsMetrics({ registry })
    metrics.stateUnreadable("group_state")
    const text = await scrape((await serve(registry)).url)
    expect(text).toMatch(/^mls_state_unreadable_total\{record="group_state"\} 1$/m)
    expect(text).toMatch(/^mls_state_unreadable_total\{record="signature_key"\} 0$/m)
    expect(text).toMatch(/^mls_state_unreadable_total\{record="key_package"\} 0$/m)
  })

  it("uses millisecond buckets from 0.1 ms to 10 s by default", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    const text = await scrape((await serve(registry)).url)
    const bounds = [...text.matchAll(/^mls_send_message_duration_ms_bucket\{le="([^"]+)"\}/gm)].map(
      (m) => m[1],
    )
    expect(bounds).toEqual([...DEFAULT_DURATION_BUCKETS_MS.map(String), "+Inf"])
    expect(bounds[0]).toBe("0.1")
    expect(bounds.at(-2)).toBe("10000")
  })

  it("accepts custom buckets and a name prefix", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry, prefix: "chat_", buckets: [1, 10] })
    const text = await scrape((await serve(registry)).url)
    expect(text).toContain("# TYPE chat_mls_messages_encrypted_total counter")
    expect(text).toContain('chat_mls_send_message_duration_ms_bucket{le="10"} 0')
    expect(text).not.toMatch(/^# TYPE mls_/m)
  })

  it("exposes the same counter series names in the OpenMetrics format", async () => {
    const registry = new Registry<OpenMetricsContentType>()
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE)
    createMlsMetrics({ registry })
    const response = await fetch((await serve(registry)).url)
    expect(response.headers.get("content-type")).toBe(Registry.OPENMETRICS_CONTENT_TYPE)
    const text = await response.text()
    expect(text).toMatch(/^mls_messages_encrypted_total 0$/m)
    expect(text).toContain("# TYPE mls_messages_encrypted counter")
  })

  it("documents in the README exactly the metric names it exposes", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8")
    const documented = [...readme.matchAll(/^\| `(mls_[a-z_]+)`\s*\| (\w+)\s*\|/gm)].map((m) => [
      m[1],
      m[2],
    ])
    expect(Object.fromEntries(documented)).toEqual(EXPECTED_TYPES)
  })
})
