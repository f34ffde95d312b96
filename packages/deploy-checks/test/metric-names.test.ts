import { collectDefaultMetrics, Registry } from "prom-client"
import { beforeAll, describe, expect, it } from "vitest"
import { loadDeployQueries, RECORDING_RULES_FILE, readRuleFile } from "../src/deploy-queries.js"
import { metricNamesIn } from "../src/promql-metric-names.js"
import { PROCESS_METRICS_USED, queryableSeries, seriesNames } from "./helpers/known-metrics.js"

const recorded = readRuleFile(RECORDING_RULES_FILE)
  .groups.flatMap((g) => g.rules)
  .flatMap((r) => r.record ?? [])
const queries = loadDeployQueries()

let known: Set<string>
beforeAll(async () => {
  known = new Set([...(await queryableSeries()), ...recorded])
})

describe("metric names in the dashboard, recording rules and alerts", () => {
  it("covers every kind of query", () => {
    const sources = new Set(queries.map((q) => q.source))
    expect([...sources].sort()).toEqual(["alert", "dashboard", "recording-rule"])
  })

  it.each(queries.map((q) => [`${q.source} ${q.name}`, q.expr] as const))(
    "%s reads only series the server exposes or rules record",
    (_, expr) => {
      const names = metricNamesIn(expr)
      expect(names.length).toBeGreaterThan(0)
      expect(names.filter((n) => !known.has(n))).toEqual([])
    },
  )

  it("rejects the seed's histogram_quantile(0.95, mls_send_message_duration_ms): a histogram's bare name is no series", () => {
    const names = metricNamesIn("histogram_quantile(0.95, mls_send_message_duration_ms)")
    expect(names.filter((n) => !known.has(n))).toEqual(["mls_send_message_duration_ms"])
  })

  it("uses only prom-client default metrics that prom-client really collects", async () => {
    const registry = new Registry()
    collectDefaultMetrics({ register: registry })
    expect(await seriesNames(registry)).toEqual(expect.arrayContaining([...PROCESS_METRICS_USED]))
  })
})
