/**
 * End to end: the built reference server (SQLite in a temporary directory)
 * is scraped every second by a real Prometheus that loads the shipped
 * recording rules and alerts. A fresh install (no group) is healthy and
 * raises no alert, not even a pending one; after a load through the HTTP
 * API, every Grafana panel query and every recording rule returns data, and
 * the recorded series show what the load did.
 *
 * The one change to the shipped rules: the copy of alerts.yml Prometheus
 * loads has MLSServiceDegraded's `for` cut from 10m to SHORTENED_FOR, so a
 * page for the empty service would show within seconds. Expressions, labels
 * and the other alerts are as shipped (the first test checks that).
 *
 * Alert conditions this test does not provoke, and why: MLSHighLatency
 * (send p95 above 250 ms: the load is far faster), MLSServiceUnhealthy (a
 * failing store or a shutdown), MLSTargetDown, MLSMetricsAbsent and
 * MLSProcessRestarting (a dead or restarting server), MLSCommitConflicts (a
 * CONFLICT needs a second writer on the same group state; one server
 * serialises its writers) and MLSStorageErrors (a failing volume). None of
 * them feeds a dashboard panel or a recording rule; every rule is still
 * checked to evaluate without error on the real series.
 *
 * The load delivers by hand (process_message), so the server runs with
 * `[delivery] driver = "none"` and registers no mls_delivery_* metric: the
 * Delivery row's panels, the delivery recording rules and the MLSDelivery*
 * alerts have no series here. They are still loaded and evaluated without
 * error; their queries are checked against the metric definitions
 * (metric-names.test.ts) and their alerts by promtool unit tests.
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { MlskitClient } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parse as parseYaml } from "yaml"
import {
  ALERTS_FILE,
  dashboardQueries,
  RECORDING_RULES_FILE,
  readDashboard,
  readRuleFile,
  ruleQueries,
} from "../src/deploy-queries.js"
import { substituteGrafanaVariables } from "../src/grafana-variables.js"
import { type RunningPrometheus, startPrometheus } from "../src/prometheus-server.js"
import { metricNamesIn } from "../src/promql-metric-names.js"
import { deployPath } from "../src/repo-paths.js"
import { alertsWithShorterFor } from "./helpers/alerts-copy.js"
import { DRIVEN_OPERATIONS, driveRound, type RoundResult } from "./helpers/api-load.js"
import { namesNeverHolding } from "./helpers/poll.js"
import { type ServerProcess, startServerProcess } from "./helpers/server-process.js"
import { prometheus } from "./helpers/tools.js"

const DEGRADED = "MLSServiceDegraded"
/** MLSServiceDegraded's `for` in the copy Prometheus loads (10m as shipped). */
const SHORTENED_FOR = "3s"
/** Bound of every wait on Prometheus: generous, since 2 cores run the server, Prometheus and vitest. */
const WAIT_MS = 60_000

/** The scrape job of the shipped example config, whose name the alerts select. */
const shippedScrape = (
  parseYaml(readFileSync(deployPath("prometheus", "prometheus.yml"), "utf8")) as {
    scrape_configs: { job_name: string; metrics_path: string }[]
  }
).scrape_configs[0] as { job_name: string; metrics_path: string }
const JOB = shippedScrape.job_name

const dashboard = dashboardQueries(readDashboard())
const recordingRules = ruleQueries(readRuleFile(RECORDING_RULES_FILE))
/** Whether a query reads hosted delivery's series, which a server without delivery lacks. */
const readsDelivery = (expr: string): boolean =>
  metricNamesIn(expr).some((name) => name.includes("mls_delivery_"))
const alertRules = ruleQueries(readRuleFile(ALERTS_FILE))
const alertExpr = (name: string): string =>
  alertRules.find((a) => a.name === name)?.expr ?? `(no alert ${name})`

/** Sum of the values of every series of `family` in a Prometheus exposition. */
function familyTotal(exposition: string, family: string): number {
  return exposition
    .split("\n")
    .filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0)
}

describe.skipIf(prometheus.skip)(
  "the server scraped by Prometheus with the shipped rules",
  // Each test waits on Prometheus at most a few times WAIT_MS.
  { timeout: 4 * WAIT_MS },
  () => {
    let dir: string
    const adminToken = randomBytes(32).toString("hex")
    let server: ServerProcess
    let prom: RunningPrometheus
    let admin: MlskitClient
    let target: string
    const rounds: RoundResult[] = []

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "mlskit-end-to-end-"))
      const configFile = join(dir, "mlskit.toml")
      writeFileSync(
        configFile,
        [
          "[server]",
          "port = 0",
          "[metrics]",
          "port = 0",
          `path = ${JSON.stringify(shippedScrape.metrics_path)}`,
          "[storage]",
          'driver = "sqlite"',
          `data_dir = ${JSON.stringify(join(dir, "data"))}`,
          "[delivery]",
          'driver = "none"',
          "[logging]",
          'level = "warn"',
          "",
        ].join("\n"),
      )
      server = await startServerProcess(configFile, { MLSKIT_AUTH_ADMIN_TOKEN: adminToken })
      admin = new MlskitClient({ baseUrl: server.url, token: adminToken })
      target = new URL(server.metricsUrl).host
      prom = await startPrometheus({
        binary: prometheus.require(),
        targets: [target],
        job: JOB,
        metricsPath: shippedScrape.metrics_path,
        interval: "1s",
        ruleFiles: [RECORDING_RULES_FILE, alertsWithShorterFor(dir, DEGRADED, SHORTENED_FOR)],
      })
    }, 2 * WAIT_MS)

    afterAll(async () => {
      await Promise.allSettled([prom?.stop(), server?.stop()])
      if (dir) rmSync(dir, { recursive: true, force: true })
    }, WAIT_MS)

    it(`loads alerts.yml as shipped but for ${DEGRADED}'s for, and every recording rule`, async () => {
      const copy = readRuleFile(join(dir, "alerts.yml"))
      const shipped = readRuleFile(ALERTS_FILE)
      const degraded = shipped.groups.flatMap((g) => g.rules).find((r) => r.alert === DEGRADED)
      expect(degraded?.for).toBe("10m")
      if (degraded) degraded.for = SHORTENED_FOR
      expect(copy).toEqual(shipped)

      const loaded = (await prom.rules()).map((r) => r.name).sort()
      expect(loaded).toEqual([...recordingRules, ...alertRules].map((r) => r.name).sort())
    })

    it(`scrapes the server's metrics port as job ${JOB}, the job the alerts select`, async () => {
      const [up] = await prom.waitFor(`up{job="${JOB}"}`, (s) => s.value === 1, WAIT_MS)
      expect(up?.metric.instance).toBe(target)
      for (const alert of alertRules.filter((a) => a.expr.includes("job=")))
        expect(alert.expr, alert.name).toContain(`job="${JOB}"`)
    })

    it("reports a fresh install healthy with 0 active groups and raises no alert, not even pending", async () => {
      // 15 scrapes of the empty service: time enough for MLSServiceDegraded
      // (for: SHORTENED_FOR) to fire. ALERTS is read over the last 10 s only,
      // as MLSMetricsAbsent is pending until Prometheus' first scrape.
      await prom.waitFor(
        `count_over_time(mls_service_health_status{job="${JOB}"}[1m])`,
        (s) => s.value >= 15,
        WAIT_MS,
      )
      expect(
        (await prom.query(`max_over_time(mls_service_health_status{job="${JOB}"}[1m])`)).map(
          (s) => s.value,
        ),
      ).toEqual([0])
      expect((await prom.query("mls_active_groups")).map((s) => s.value)).toEqual([0])
      expect(await prom.query("last_over_time(ALERTS[10s])")).toEqual([])
    })

    it("serves two rounds of load through the HTTP API, Prometheus scraping in between", async () => {
      rounds.push(await driveRound(admin, 1))
      // Labelled series (operation errors, the shared duration histogram) appear
      // with their first event, and rate() only sees later increases: wait until
      // Prometheus has scraped the state after round 1 before running round 2.
      const exposition = await (await fetch(server.metricsUrl)).text()
      const families = ["mls_operation_duration_ms_count", "mls_operation_errors_total"]
      for (const family of families) {
        const total = familyTotal(exposition, family)
        expect(total, family).toBeGreaterThan(0)
        await prom.waitFor(`sum(${family}{job="${JOB}"})`, (s) => s.value === total, WAIT_MS)
      }
      rounds.push(await driveRound(admin, 2))

      for (const [i, round] of rounds.entries()) {
        expect(round.processed).toEqual([
          "application",
          "application",
          "application",
          "commit",
          "commit",
          "commit",
          "removed",
          "commit",
          "proposal",
          "proposal",
        ])
        expect(round.plaintexts).toEqual([
          `hello from alice ${i + 1}`,
          `hello from alice ${i + 1}`,
          `hello from bob ${i + 1}`,
        ])
        expect(round.failures).toEqual({
          "process bytes that are no MLS message": "INVALID_MESSAGE",
          "process a commit from a past epoch": "INVALID_MESSAGE",
          "process an application message with a flipped tag byte": "CRYPTO_ERROR",
          "remove a leaf that does not exist": "INVALID_INPUT",
        })
      }
    })

    it("counts the groups of the load in mls_active_groups and stays healthy", async () => {
      await prom.waitFor("mls_active_groups", (s) => s.value > 0, WAIT_MS)
      expect((await prom.query("mls_service_health_status")).map((s) => s.value)).toEqual([0])
    })

    it("returns data for every Grafana panel query but the Delivery row's", async () => {
      const empty = await namesNeverHolding(
        new Map(
          dashboard
            .filter((q) => !readsDelivery(q.expr))
            .map((q) => {
              const expr = substituteGrafanaVariables(q.expr, { job: JOB })
              return [`${q.name}: ${expr}`, async () => (await prom.query(expr)).length > 0]
            }),
        ),
        WAIT_MS,
      )
      expect(empty, "panel queries without data").toEqual([])
    })

    it("returns data for every recording rule but hosted delivery's", async () => {
      const empty = await namesNeverHolding(
        new Map(
          recordingRules
            .filter((r) => !readsDelivery(r.expr))
            .map((r, i) => [
              `#${i + 1} ${r.name}: ${r.expr}`,
              async () => (await prom.query(r.expr)).length > 0,
            ]),
        ),
        WAIT_MS,
      )
      expect(empty, "recording rules without data").toEqual([])
    })

    it("shows the load in the recorded series", async () => {
      const positive = async (expr: string) => (await prom.query(expr)).some((s) => s.value > 0)
      const perOperation = async (expr: string, accept: (value: number) => boolean) => {
        const byOperation = new Map(
          (await prom.query(expr)).map((s) => [s.metric.operation, s.value]),
        )
        return DRIVEN_OPERATIONS.every((op) => accept(byOperation.get(op) ?? Number.NaN))
      }
      const conditions = new Map<string, () => Promise<boolean>>([
        ...[
          "job:mls_messages_encrypted:rate5m",
          "job:mls_messages_decrypted:rate5m",
          "job:mls_proposals_received:rate5m",
          "job:mls_commits_received:rate5m",
          "job:mls_groups_created:rate5m",
          "job:mls_members_added:rate5m",
          "job:mls_members_removed:rate5m",
        ].map((series): [string, () => Promise<boolean>] => [
          `${series} > 0`,
          () => positive(`${series}{job="${JOB}"}`),
        ]),
        [
          `job_operation:mls_operation_duration_ms_count:rate5m > 0 for ${DRIVEN_OPERATIONS}`,
          () =>
            perOperation(
              `job_operation:mls_operation_duration_ms_count:rate5m{job="${JOB}"}`,
              (v) => v > 0,
            ),
        ],
        ...["p50_5m", "p95_5m", "p99_5m"].map((q): [string, () => Promise<boolean>] => [
          `job_operation:mls_operation_duration_ms:${q} is a number for ${DRIVEN_OPERATIONS}`,
          () =>
            perOperation(
              `job_operation:mls_operation_duration_ms:${q}{job="${JOB}"}`,
              Number.isFinite,
            ),
        ]),
        ...[
          ["process_message", "INVALID_MESSAGE"],
          ["process_message", "CRYPTO_ERROR"],
          ["remove_members", "INVALID_INPUT"],
        ].map(([operation, code]): [string, () => Promise<boolean>] => [
          `job_operation_code:mls_operation_errors:rate5m{${operation}, ${code}} > 0`,
          () =>
            positive(
              `job_operation_code:mls_operation_errors:rate5m{job="${JOB}", operation="${operation}", code="${code}"}`,
            ),
        ]),
        [
          "job_operation:mls_operation_errors:ratio_rate5m{process_message} > 0",
          () =>
            positive(
              `job_operation:mls_operation_errors:ratio_rate5m{job="${JOB}", operation="process_message"}`,
            ),
        ],
      ])
      expect(await namesNeverHolding(conditions, WAIT_MS), "series not showing the load").toEqual(
        [],
      )
    })

    it("meets the conditions of MLSDecryptFailures and MLSHighErrorRate with its bad messages", async () => {
      const unmet = await namesNeverHolding(
        new Map(
          ["MLSDecryptFailures", "MLSHighErrorRate"].map((name) => [
            `${name}: ${alertExpr(name)}`,
            async () => (await prom.query(alertExpr(name))).length > 0,
          ]),
        ),
        WAIT_MS,
      )
      expect(unmet).toEqual([])
    })

    it("evaluates every recording and alerting rule without error", async () => {
      const unevaluated = await namesNeverHolding(
        new Map([
          [
            "every rule evaluated",
            async () => (await prom.rules()).every((r) => r.health !== "unknown"),
          ],
        ]),
        WAIT_MS,
      )
      expect(unevaluated).toEqual([])
      const failing = (await prom.rules()).filter((r) => r.health !== "ok")
      expect(failing.map((r) => `${r.name}: ${r.lastError}`)).toEqual([])
    })
  },
)
