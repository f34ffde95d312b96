/**
 * Proves the end-to-end harness: the Debian `prometheus` binary starts on
 * loopback, scrapes a local exposition every second, evaluates the shipped
 * recording rules, and answers /api/v1/query.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { RECORDING_RULES_FILE } from "../src/deploy-queries.js"
import { substituteGrafanaVariables } from "../src/grafana-variables.js"
import { type RunningPrometheus, startPrometheus } from "../src/prometheus-server.js"
import { prometheus } from "./helpers/tools.js"

/** A hand-written exposition in which 10 sends of 1-5 ms happen between scrapes. */
function exposition(scrapes: number): string {
  const sends = scrapes * 10
  return [
    "# TYPE mls_messages_encrypted_total counter",
    `mls_messages_encrypted_total ${sends}`,
    "# TYPE mls_active_groups gauge",
    "mls_active_groups 3",
    "# TYPE mls_service_health_status gauge",
    "mls_service_health_status 0",
    "# TYPE mls_send_message_duration_ms histogram",
    'mls_send_message_duration_ms_bucket{le="1"} 0',
    `mls_send_message_duration_ms_bucket{le="5"} ${sends}`,
    `mls_send_message_duration_ms_bucket{le="+Inf"} ${sends}`,
    `mls_send_message_duration_ms_sum ${sends * 3}`,
    `mls_send_message_duration_ms_count ${sends}`,
    "",
  ].join("\n")
}

describe.skipIf(prometheus.skip)("a real Prometheus scraping a local exposition", () => {
  let target: Server
  let prom: RunningPrometheus
  let scrapes = 0

  beforeAll(async () => {
    target = createServer((req, res) => {
      if (req.url !== "/metrics") return res.writeHead(404).end()
      scrapes++
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(exposition(scrapes))
    })
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve))
    const { port } = target.address() as AddressInfo
    prom = await startPrometheus({
      binary: prometheus.require(),
      targets: [`127.0.0.1:${port}`],
      interval: "1s",
      ruleFiles: [RECORDING_RULES_FILE],
    })
  })

  afterAll(async () => {
    await prom?.stop()
    await new Promise((resolve) => target?.close(resolve))
  })

  it("scrapes the target as job mlskit", async () => {
    const [up] = await prom.waitFor('up{job="mlskit"}', (s) => s.value === 1)
    expect(up?.metric.instance).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(scrapes).toBeGreaterThan(0)
  })

  it("answers an instant query with the served gauge", async () => {
    const [groups] = await prom.waitFor("mls_active_groups")
    expect(groups?.value).toBe(3)
  })

  it("evaluates the shipped recording rules on the scraped series", async () => {
    const [rate] = await prom.waitFor("job:mls_messages_encrypted:rate5m", (s) => s.value > 0)
    expect(rate?.metric).toEqual({ __name__: "job:mls_messages_encrypted:rate5m", job: "mlskit" })
    const [p95] = await prom.waitFor(
      'job_operation:mls_operation_duration_ms:p95_5m{operation="send_message"}',
    )
    expect(p95?.value).toBeCloseTo(4.8, 5)
  })

  it("runs a dashboard query once its Grafana variables are substituted", async () => {
    const expr = substituteGrafanaVariables('sum(job:mls_messages_encrypted:rate5m{job=~"$job"})', {
      job: "mlskit",
    })
    const [sample] = await prom.waitFor(expr, (s) => s.value > 0)
    expect(sample?.metric).toEqual({})
  })

  it("reports a PromQL error as a rejected query", async () => {
    await expect(prom.query("sum(")).rejects.toThrow(/query sum\( failed/)
  })
})
