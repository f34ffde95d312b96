import { TIMED_OPERATIONS } from "@mlskit/metrics"
import { describe, expect, it } from "vitest"
import { RECORDING_RULES_FILE, readRuleFile } from "../src/deploy-queries.js"

const rules = readRuleFile(RECORDING_RULES_FILE).groups.flatMap((g) => g.rules)
const BUCKETS = "job_operation:mls_operation_duration_ms_bucket:rate5m"

describe("deploy/prometheus/recording-rules.yml", () => {
  it("only records series", () => {
    for (const r of rules) expect(r.record, r.alert).toEqual(expect.any(String))
  })

  it.each(rules.map((r) => r.record))("names %s level:metric:operations", (name) => {
    expect(name).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/)
  })

  it("records per-operation p50, p95 and p99 latency, throughput and error rates", () => {
    const names = rules.map((r) => r.record)
    for (const q of ["p50", "p95", "p99"])
      expect(names).toContain(`job_operation:mls_operation_duration_ms:${q}_5m`)
    expect(names).toContain("job_operation:mls_operation_duration_ms_count:rate5m")
    expect(names).toContain("job:mls_messages_encrypted:rate5m")
    expect(names).toContain("job:mls_messages_decrypted:rate5m")
    expect(names).toContain("job_operation_code:mls_operation_errors:rate5m")
    expect(names).toContain("job_operation:mls_operation_errors:ratio_rate5m")
  })

  it("records hosted delivery's rates, apply-lag quantiles and redos per appended commit", () => {
    const names = rules.map((r) => r.record)
    for (const q of ["p50", "p99"]) {
      expect(names).toContain(`job:mls_delivery_apply_lag_seconds:${q}_5m`)
      expect(names).toContain(`job:mls_delivery_apply_lag_entries:${q}_5m`)
    }
    expect(names).toContain("job_kind:mls_delivery_log_appends:rate5m")
    expect(names).toContain("job:mls_delivery_commit_redo:ratio_rate5m")
    expect(names).toContain("job:mls_delivery_forks_detected:increase1h")
    const ratio = rules.find((r) => r.record === "job:mls_delivery_commit_redo:ratio_rate5m")
    expect(ratio?.expr).toContain('{kind="commit"}')
  })

  it("records key packages, Welcomes and external members' appends and refusals", () => {
    const names = rules.map((r) => r.record)
    expect(names).toEqual(
      expect.arrayContaining([
        "job_kind:mls_delivery_key_packages_published:rate5m",
        "job_kind:mls_delivery_key_packages_claimed:rate5m",
        "job_kind:mls_delivery_key_package_stock:p10_5m",
        "job_event:mls_delivery_welcomes:rate5m",
        "job_kind:mls_delivery_external_appends:rate5m",
        "job_reason:mls_delivery_external_refusals:rate5m",
        "job:mls_delivery_external_refusals:ratio_rate5m",
      ]),
    )
  })

  it("records publish and append-to-apply quantiles, instance shares, redeliveries and consumer lag", () => {
    const names = rules.map((r) => r.record)
    for (const q of ["p50", "p99"]) {
      expect(names).toContain(`job:mls_delivery_log_append_seconds:${q}_5m`)
      expect(names).toContain(`job:mls_delivery_append_to_apply_seconds:${q}_5m`)
    }
    expect(names).toEqual(
      expect.arrayContaining([
        "job_kind:mls_delivery_appliers_applied:rate5m",
        "job_instance:mls_delivery_appliers_applied:rate5m",
        "job_instance:mls_delivery_appliers_applied:ratio_rate5m",
        "job:mls_delivery_appliers_redeliveries:rate5m",
        "job:mls_delivery_appliers_pending:max",
        "job:mls_delivery_appliers_ack_pending:max",
      ]),
    )
  })

  it("keeps the instance label for applier shares and takes the shared consumer's lag once per job", () => {
    const expr = (name: string) => rules.find((r) => r.record === name)?.expr
    expect(expr("job_instance:mls_delivery_appliers_applied:rate5m")).toContain(
      "sum by (job, instance)",
    )
    expect(expr("job_instance:mls_delivery_appliers_applied:ratio_rate5m")).toMatch(
      /\/ on \(job\) group_left/,
    )
    expect(expr("job:mls_delivery_appliers_pending:max")).toBe(
      "max by (job) (mls_delivery_appliers_pending)",
    )
    expect(expr("job:mls_delivery_appliers_ack_pending:max")).toBe(
      "max by (job) (mls_delivery_appliers_ack_pending)",
    )
  })

  it("labels each dedicated histogram's buckets with the operation its name says", () => {
    const labelled = rules
      .filter((r) => r.record === BUCKETS && r.labels?.operation)
      .map((r) => [r.labels?.operation, r.expr.match(/mls_([a-z_]+)_duration_ms_bucket/)?.[1]])
    for (const [label, inName] of labelled) expect(label).toBe(inName)
    expect(labelled.map(([label]) => label).sort()).toEqual([...TIMED_OPERATIONS].sort())
  })

  it("keeps the operation label of the shared histogram for every other operation", () => {
    const shared = rules.filter((r) => r.record === BUCKETS && !r.labels?.operation)
    expect(shared.map((r) => r.expr)).toEqual([
      "sum by (job, operation, le) (rate(mls_operation_duration_ms_bucket[5m]))",
    ])
  })
})
