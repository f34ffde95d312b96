import { readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { parse as parseYaml } from "yaml"
import { ALERTS_FILE, readRuleFile } from "../src/deploy-queries.js"
import { deployPath } from "../src/repo-paths.js"

interface RuleUnitTestFile {
  rule_files: string[]
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[]
}

const alerts = readRuleFile(ALERTS_FILE).groups.flatMap((g) => g.rules)
const alertNames = alerts.map((a) => a.alert ?? "")
const unitTests = readdirSync(deployPath("prometheus", "tests"))
  .filter((f) => f.endsWith(".yml"))
  .map(
    (f) =>
      parseYaml(readFileSync(deployPath("prometheus", "tests", f), "utf8")) as RuleUnitTestFile,
  )
const cases = unitTests.flatMap((f) => f.tests.flatMap((t) => t.alert_rule_test ?? []))

describe("deploy/prometheus/alerts.yml", () => {
  it("has the seed's alerts and the ones a team adds next", () => {
    expect(alertNames).toEqual(
      expect.arrayContaining([
        "MLSHighErrorRate",
        "MLSHighLatency",
        "MLSServiceDegraded",
        "MLSServiceUnhealthy",
        "MLSTargetDown",
        "MLSMetricsAbsent",
        "MLSDecryptFailures",
        "MLSCommitConflicts",
        "MLSStorageErrors",
        "MLSProcessRestarting",
        "MLSDeliveryForkDetected",
        "MLSDeliveryApplyLagHigh",
        "MLSDeliveryCommitRedoStorm",
        "MLSDeliveryFellBehind",
        "MLSDeliveryKeyPackageStockExhausted",
        "MLSDeliveryExternalRefusalsHigh",
        "MLSDeliveryAppliersLagging",
        "MLSDeliveryRedeliveries",
        "MLSDeliveryPublishSlow",
      ]),
    )
    expect(new Set(alertNames).size).toBe(alertNames.length)
  })

  it("pages at once on a fork of hosted members, the one delivery failure no retry repairs", () => {
    const fork = alerts.find((a) => a.alert === "MLSDeliveryForkDetected")
    expect(fork?.labels?.severity).toBe("critical")
    expect(fork?.for).toBe("0m")
  })

  it("pages on empty key-package stock only for external identities, which the server cannot refill", () => {
    const stock = alerts.find((a) => a.alert === "MLSDeliveryKeyPackageStockExhausted")
    expect(stock?.expr).toContain(
      'job_kind:mls_delivery_key_package_stock:p10_5m{kind="external"} == 0',
    )
  })

  it("watches several instances on NATS through the recorded consumer lag, redeliveries and publish p99", () => {
    const expr = (name: string) => alerts.find((a) => a.alert === name)?.expr
    expect(expr("MLSDeliveryAppliersLagging")).toContain("job:mls_delivery_appliers_pending:max")
    expect(expr("MLSDeliveryRedeliveries")).toContain(
      "job:mls_delivery_appliers_redeliveries:rate5m",
    )
    expect(expr("MLSDeliveryPublishSlow")).toContain("job:mls_delivery_log_append_seconds:p99_5m")
  })

  it.each(alerts.map((a) => [a.alert, a] as const))(
    "%s has a severity, a summary and a description",
    (_, a) => {
      expect(["info", "warning", "critical"]).toContain(a.labels?.severity)
      expect(a.annotations?.summary).toMatch(/\S/)
      expect(a.annotations?.description).toMatch(/\S/)
    },
  )

  it("computes the p95 latency from histogram buckets, not the histogram's bare name", () => {
    const latency = alerts.find((a) => a.alert === "MLSHighLatency")
    expect(latency?.expr).toMatch(
      /histogram_quantile\(0\.95, sum by \((job, )?le\) \(rate\(mls_send_message_duration_ms_bucket\[5m\]\)\)\)/,
    )
  })

  it.each(alertNames)("%s has a unit test where it fires and one where it does not", (name) => {
    const own = cases.filter((c) => c.alertname === name)
    expect(
      own.some((c) => (c.exp_alerts ?? []).length > 0),
      "a firing case",
    ).toBe(true)
    expect(
      own.some((c) => (c.exp_alerts ?? []).length === 0),
      "a non-firing case",
    ).toBe(true)
  })

  it("unit tests only name alerts that exist", () => {
    for (const c of cases) expect(alertNames).toContain(c.alertname)
  })
})
