import { describe, expect, it } from "vitest"
import {
  allPanels,
  dashboardQueries,
  type GrafanaPanel,
  RECORDING_RULES_FILE,
  readDashboard,
  readRuleFile,
} from "../src/deploy-queries.js"
import { substituteGrafanaVariables } from "../src/grafana-variables.js"
import { metricNamesIn } from "../src/promql-metric-names.js"
import { queryableSeries } from "./helpers/known-metrics.js"
import { checkPromql } from "./helpers/promql-check.js"
import { promtool } from "./helpers/tools.js"

const dashboard = readDashboard()
const panels = allPanels(dashboard)
const queries = dashboardQueries(dashboard)
const exprs = queries.map((q) => q.expr).join("\n")
const variables = dashboard.templating?.list ?? []
const recorded = new Set(
  readRuleFile(RECORDING_RULES_FILE)
    .groups.flatMap((g) => g.rules)
    .flatMap((r) => r.record ?? []),
)

describe("deploy/grafana/mlskit-dashboard.json", () => {
  it("is a schema 39 dashboard with a Prometheus datasource variable", () => {
    expect(dashboard.schemaVersion).toBe(39)
    expect(variables).toContainEqual(
      expect.objectContaining({ name: "datasource", type: "datasource", query: "prometheus" }),
    )
  })

  it("queries through the datasource variable in every panel and target", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    const datasource = { type: "prometheus", uid: "${datasource}" }
    for (const panel of panels.filter((p) => p.type !== "row")) {
      expect(panel.datasource, panel.title).toEqual(datasource)
      for (const t of panel.targets ?? []) expect(t.datasource).toEqual(panel.datasource)
    }
  })

  it("gives every panel a unique id and every query panel a title and targets", () => {
    const ids = panels.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const panel of panels.filter((p) => p.type !== "row")) {
      expect(panel.title).toMatch(/\S/)
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0)
    }
  })

  it("lists its job variable values from a series the server exposes", async () => {
    const job = variables.find((v) => v.name === "job")
    const metric = job?.definition?.match(/^label_values\((\w+), job\)$/)?.[1]
    expect((await queryableSeries()).has(metric ?? "")).toBe(true)
  })

  it.each([
    ["throughput", ["job:mls_messages_encrypted:rate5m", "job:mls_messages_decrypted:rate5m"]],
    [
      "latency per operation",
      ["p50_5m", "p95_5m", "p99_5m"].map((q) => `job_operation:mls_operation_duration_ms:${q}`),
    ],
    [
      "group lifecycle",
      [
        "job:mls_groups_created:rate5m",
        'operation="join_group"',
        "job:mls_members_added:rate5m",
        "job:mls_members_removed:rate5m",
        "mls_active_groups",
      ],
    ],
    [
      "errors by operation and code",
      ["sum by (operation, code) (job_operation_code:mls_operation_errors:rate5m"],
    ],
    ["health status", ["mls_service_health_status"]],
    [
      "hosted delivery",
      [
        "sum by (kind) (job_kind:mls_delivery_log_appends:rate5m",
        "job:mls_delivery_fence_rejections:rate5m",
        "job:mls_delivery_commit_redo:rate5m",
        ...["p50_5m", "p99_5m"].flatMap((q) => [
          `job:mls_delivery_apply_lag_seconds:${q}`,
          `job:mls_delivery_apply_lag_entries:${q}`,
        ]),
        "sum by (reason) (job_reason:mls_delivery_skipped_entries:rate5m",
        "job:mls_delivery_future_epoch_waits:rate5m",
        "job:mls_delivery_forks_detected:increase1h",
        "job:mls_delivery_fell_behind:rate5m",
        "job:mls_delivery_background_errors:rate5m",
      ],
    ],
    [
      "key packages, Welcomes and external members",
      [
        "sum by (kind) (job_kind:mls_delivery_key_packages_published:rate5m",
        "sum by (kind) (job_kind:mls_delivery_key_packages_claimed:rate5m",
        "job_kind:mls_delivery_key_package_stock:p10_5m",
        "sum by (event) (job_event:mls_delivery_welcomes:rate5m",
        "sum by (kind) (job_kind:mls_delivery_external_appends:rate5m",
        "sum by (reason) (job_reason:mls_delivery_external_refusals:rate5m",
        "job:mls_delivery_external_refusals:ratio_rate5m",
      ],
    ],
    [
      "several instances on NATS",
      [
        ...["p50_5m", "p99_5m"].flatMap((q) => [
          `job:mls_delivery_log_append_seconds:${q}`,
          `job:mls_delivery_append_to_apply_seconds:${q}`,
        ]),
        "job:mls_delivery_appliers_pending:max",
        "job:mls_delivery_appliers_ack_pending:max",
        "sum by (instance) (job_instance:mls_delivery_appliers_applied:ratio_rate5m",
        "job:mls_delivery_appliers_redeliveries:rate5m",
      ],
    ],
  ])("shows %s", (_, fragments) => {
    for (const f of fragments) expect(exprs).toContain(f)
  })

  it("puts the several-instances (NATS) row right after the Delivery row, with instance shares stacked", () => {
    const rows = panels.filter((p) => p.type === "row").map((p) => p.title)
    expect(rows.indexOf("Several instances (NATS)")).toBe(rows.indexOf("Delivery") + 1)
    const share = panels.find((p) =>
      p.targets?.some((t) => t.expr?.includes("mls_delivery_appliers_applied:ratio_rate5m")),
    ) as
      | (GrafanaPanel & {
          fieldConfig?: { defaults?: { unit?: string; custom?: { stacking?: { mode?: string } } } }
        })
      | undefined
    const shareTarget = share?.targets?.[0] as { legendFormat?: string } | undefined
    expect(shareTarget?.legendFormat).toBe("{{instance}}")
    expect(share?.fieldConfig?.defaults?.custom?.stacking?.mode).toBe("normal")
    expect(share?.fieldConfig?.defaults?.unit).toBe("percentunit")
  })

  it("lays panels out without overlaps inside the 24-column grid", () => {
    const taken = new Map<string, string | undefined>()
    for (const p of panels) {
      const g = (p as GrafanaPanel & { gridPos: { x: number; y: number; w: number; h: number } })
        .gridPos
      expect(g.x + g.w, p.title).toBeLessThanOrEqual(24)
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(taken.get(`${x},${y}`), `${p.title} at ${x},${y}`).toBeUndefined()
          taken.set(`${x},${y}`, p.title)
        }
    }
  })

  it("shows forks on a stat that turns red above 0", () => {
    const forks = panels.find((p) =>
      p.targets?.some((t) => t.expr?.includes("mls_delivery_forks_detected")),
    ) as
      | (GrafanaPanel & {
          fieldConfig?: {
            defaults?: { thresholds?: { steps?: { color: string; value: number | null }[] } }
          }
        })
      | undefined
    expect(forks?.type).toBe("stat")
    const steps = forks?.fieldConfig?.defaults?.thresholds?.steps ?? []
    expect(steps[0]).toEqual({ color: "green", value: null })
    const red = steps.find((s) => s.color === "red")
    expect(red?.value).toBeGreaterThan(0)
    expect(red?.value).toBeLessThan(1)
  })

  it("reads counters and histograms only through recording rules", () => {
    const raw = queries.flatMap((q) => metricNamesIn(q.expr)).filter((n) => n.startsWith("mls_"))
    expect([...new Set(raw)].sort()).toEqual(["mls_active_groups", "mls_service_health_status"])
    const rules = queries.flatMap((q) => metricNamesIn(q.expr)).filter((n) => n.includes(":"))
    for (const r of rules) expect(recorded.has(r), r).toBe(true)
  })

  it("uses only Grafana variables the checks can substitute", () => {
    for (const q of queries) expect(() => substituteGrafanaVariables(q.expr)).not.toThrow()
  })
})

describe.skipIf(promtool.skip)("dashboard PromQL, checked by promtool", () => {
  it("parses every panel query", () => {
    const recorded = queries.map((q, i) => ({
      name: `dashboard_query_${i}`,
      expr: substituteGrafanaVariables(q.expr),
    }))
    const { status, output } = checkPromql(promtool.require(), recorded)
    expect(output).toContain(`SUCCESS: ${queries.length} rules found`)
    expect(status, output).toBe(0)
  })

  it("would reject a malformed query", () => {
    const { status, output } = checkPromql(promtool.require(), [
      { name: "broken", expr: "sum(rate(mls_messages_encrypted_total[5m])" },
    ])
    expect(status).not.toBe(0)
    expect(output).toMatch(/parse|unclosed|unexpected/i)
  })
})
