/**
 * @mlskit/metrics: Prometheus metrics for mlskit operations, recorded from
 * core's operation hooks onto an injected prom-client registry.
 */
export {
  createMlsMetrics,
  type MlsMetrics,
  type MlsMetricsOptions,
  type OperationOutcome,
  SEALED_RECORD_KINDS,
} from "./create-mls-metrics.js"
export { type HealthStatus, type HealthStatusInput, healthStatusValue } from "./health-status.js"
export {
  DEFAULT_DURATION_BUCKETS_MS,
  METRIC_NAMES,
  TIMED_OPERATIONS,
  type TimedOperation,
} from "./metric-names.js"
export { type MetricsRequestListener, metricsHandler } from "./metrics-handler.js"
export type { MetricsRegistry } from "./metrics-registry.js"
export {
  type MetricsServer,
  type MetricsServerOptions,
  startMetricsServer,
} from "./metrics-server.js"
