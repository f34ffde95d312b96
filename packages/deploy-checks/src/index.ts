export {
  ALERTS_FILE,
  allPanels,
  DASHBOARD_FILE,
  type DeployQuery,
  dashboardQueries,
  type GrafanaDashboard,
  type GrafanaPanel,
  type GrafanaTarget,
  loadDeployQueries,
  type PrometheusRule,
  type PrometheusRuleFile,
  RECORDING_RULES_FILE,
  readDashboard,
  readRuleFile,
  ruleQueries,
} from "./deploy-queries.js"
export { type ExternalTool, externalTool, runTool, type ToolRun } from "./external-tool.js"
export { freePort } from "./free-port.js"
export { type GrafanaVariableValues, substituteGrafanaVariables } from "./grafana-variables.js"
export {
  type PromAlert,
  type PromRule,
  type PromSample,
  type RunningPrometheus,
  type StartPrometheusOptions,
  startPrometheus,
} from "./prometheus-server.js"
export { metricNamesIn } from "./promql-metric-names.js"
export { deployPath, REPO_ROOT } from "./repo-paths.js"
