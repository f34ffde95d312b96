/**
 * Starts a throwaway Prometheus (the `prometheus` binary) on loopback with a
 * temporary data directory, for tests that scrape a real process and query
 * the result through the HTTP API.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort } from "./free-port.js"

/** Options of `startPrometheus`. */
export interface StartPrometheusOptions {
  /** Path of the prometheus binary. */
  binary: string
  /** Scrape targets as host:port, all in job `job`. */
  targets: string[]
  job?: string
  metricsPath?: string
  /** Scrape and rule evaluation interval (default `1s`). */
  interval?: string
  /** Absolute paths of rule files to load. */
  ruleFiles?: string[]
}

/** One sample of an instant-vector query result. */
export interface PromSample {
  metric: Record<string, string>
  value: number
}

/** An active alert as `/api/v1/alerts` reports it. */
export interface PromAlert {
  labels: Record<string, string>
  state: "pending" | "firing"
  activeAt: string
  value: string
}

/** A loaded rule as `/api/v1/rules` reports it. */
export interface PromRule {
  type: "recording" | "alerting"
  name: string
  query: string
  /** "ok" once evaluated without error, "unknown" before the first evaluation, else "err". */
  health: string
  lastError?: string
}

/** A running Prometheus. */
export interface RunningPrometheus {
  url: string
  /** Evaluate an instant query now; rejects on an API error. */
  query(expr: string): Promise<PromSample[]>
  /** The pending and firing alerts. */
  alerts(): Promise<PromAlert[]>
  /** Every loaded rule, recording and alerting (groups in Prometheus' order, not file order). */
  rules(): Promise<PromRule[]>
  /** Poll `query(expr)` until it returns a sample matching `accept`, or time out. */
  waitFor(
    expr: string,
    accept?: (s: PromSample) => boolean,
    timeoutMs?: number,
  ): Promise<PromSample[]>
  /** Stop the process and delete its data. */
  stop(): Promise<void>
}

/** Start Prometheus and resolve once it reports ready. */
export async function startPrometheus(options: StartPrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-prometheus-"))
  const interval = options.interval ?? "1s"
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: options.ruleFiles ?? [],
    scrape_configs: [
      {
        job_name: options.job ?? "mlskit",
        metrics_path: options.metricsPath ?? "/metrics",
        static_configs: [{ targets: options.targets }],
      },
    ],
  }
  const configFile = join(dir, "prometheus.yml")
  writeFileSync(configFile, JSON.stringify(config, null, 2)) // JSON is YAML
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ""
  const child = spawn(
    options.binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  )
  child.stdout?.on("data", (d) => (log += d))
  child.stderr?.on("data", (d) => (log += d))

  const stop = async () => {
    await terminate(child)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitUntil(
      async () => (await fetch(`${url}/-/ready`)).ok,
      30_000,
      () => child.exitCode !== null,
    )
  } catch (cause) {
    await stop()
    throw new Error(`prometheus did not become ready: ${(cause as Error).message}\n${log}`)
  }

  const api = async <T>(path: string, what: string): Promise<T> => {
    const res = await fetch(`${url}/api/v1/${path}`)
    const body = (await res.json()) as { status: string; error?: string; data?: T }
    if (body.status !== "success" || body.data === undefined)
      throw new Error(`${what} failed: ${body.error}`)
    return body.data
  }

  const query = async (expr: string): Promise<PromSample[]> => {
    const data = await api<{
      resultType: string
      result: { metric: Record<string, string>; value: [number, string] }[]
    }>(`query?query=${encodeURIComponent(expr)}`, `query ${expr}`)
    if (data.resultType !== "vector") throw new Error(`query ${expr} returned a ${data.resultType}`)
    return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }))
  }

  const alerts = async (): Promise<PromAlert[]> =>
    (await api<{ alerts: PromAlert[] }>("alerts", "listing alerts")).alerts

  const rules = async (): Promise<PromRule[]> =>
    (await api<{ groups: { rules: PromRule[] }[] }>("rules", "listing rules")).groups.flatMap(
      (g) => g.rules,
    )

  const waitFor = async (
    expr: string,
    accept: (s: PromSample) => boolean = () => true,
    timeoutMs = 30_000,
  ) => {
    let last: PromSample[] = []
    try {
      await waitUntil(async () => {
        last = await query(expr)
        return last.some(accept)
      }, timeoutMs)
    } catch {
      throw new Error(
        `no accepted sample for ${expr} within ${timeoutMs} ms; last result ${JSON.stringify(last)}`,
      )
    }
    return last
  }

  return { url, query, alerts, rules, waitFor, stop }
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  gaveUp = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (gaveUp()) throw new Error("process exited")
    try {
      if (await check()) return
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000)
    child.once("exit", () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill("SIGTERM")
  })
}
