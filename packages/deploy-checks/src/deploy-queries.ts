/**
 * Every PromQL query shipped under `deploy/`: dashboard panel targets,
 * recording rules and alerts. Checks validate them; the end-to-end test runs
 * them against a Prometheus that scrapes the real server.
 */
import { readFileSync } from "node:fs"
import { parse as parseYaml } from "yaml"
import { deployPath } from "./repo-paths.js"

/** One query and where it comes from. */
export interface DeployQuery {
  source: "dashboard" | "recording-rule" | "alert"
  /** Panel title and refId, recorded series name, or alert name. */
  name: string
  /** PromQL as written; dashboard queries may contain Grafana variables. */
  expr: string
}

/** A Prometheus rule (recording or alerting) as written in a rule file. */
export interface PrometheusRule {
  record?: string
  alert?: string
  expr: string
  for?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

/** A Prometheus rule file. */
export interface PrometheusRuleFile {
  groups: { name: string; interval?: string; rules: PrometheusRule[] }[]
}

/** A Grafana panel target, panel, or dashboard, as far as the checks need them. */
export interface GrafanaTarget {
  refId?: string
  expr?: string
  datasource?: { type?: string; uid?: string }
}
export interface GrafanaPanel {
  id?: number
  type?: string
  title?: string
  datasource?: { type?: string; uid?: string }
  targets?: GrafanaTarget[]
  panels?: GrafanaPanel[]
}
export interface GrafanaDashboard {
  schemaVersion?: number
  templating?: { list?: { name: string; type: string; query?: unknown; definition?: string }[] }
  panels?: GrafanaPanel[]
}

export const DASHBOARD_FILE = deployPath("grafana", "mlskit-dashboard.json")
export const RECORDING_RULES_FILE = deployPath("prometheus", "recording-rules.yml")
export const ALERTS_FILE = deployPath("prometheus", "alerts.yml")

/** Read and parse a rule file. */
export function readRuleFile(file: string): PrometheusRuleFile {
  return parseYaml(readFileSync(file, "utf8")) as PrometheusRuleFile
}

/** Read and parse the dashboard. */
export function readDashboard(file = DASHBOARD_FILE): GrafanaDashboard {
  return JSON.parse(readFileSync(file, "utf8")) as GrafanaDashboard
}

/** Every panel, including those nested in rows. */
export function allPanels(dashboard: GrafanaDashboard): GrafanaPanel[] {
  const walk = (panels: GrafanaPanel[] = []): GrafanaPanel[] =>
    panels.flatMap((p) => [p, ...walk(p.panels)])
  return walk(dashboard.panels)
}

/** The PromQL of every panel target. */
export function dashboardQueries(dashboard: GrafanaDashboard): DeployQuery[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((t): t is GrafanaTarget & { expr: string } => typeof t.expr === "string")
      .map((t) => ({
        source: "dashboard" as const,
        name: `${panel.title} [${t.refId}]`,
        expr: t.expr,
      })),
  )
}

/** The PromQL of every recording and alerting rule of a rule file. */
export function ruleQueries(file: PrometheusRuleFile): DeployQuery[] {
  return file.groups.flatMap((g) =>
    g.rules.map((r) =>
      r.record !== undefined
        ? { source: "recording-rule" as const, name: r.record, expr: r.expr }
        : { source: "alert" as const, name: r.alert ?? "", expr: r.expr },
    ),
  )
}

/** Every dashboard query, recording rule and alert shipped under `deploy/`. */
export function loadDeployQueries(): DeployQuery[] {
  return [
    ...dashboardQueries(readDashboard()),
    ...ruleQueries(readRuleFile(RECORDING_RULES_FILE)),
    ...ruleQueries(readRuleFile(ALERTS_FILE)),
  ]
}
