export type {
  ComponentHealth,
  ComponentReport,
  HealthCheck,
  HealthCheckContext,
  HealthCheckResult,
  HealthReport,
} from "./component-health.js"
export type { HealthErrorCode } from "./errors.js"
export { HealthCheckTimeoutError, HealthError, InvalidHealthCheckError } from "./errors.js"
export type { HealthRegistryOptions, RegisterOptions } from "./health-registry.js"
export { DEFAULT_CHECK_TIMEOUT_MS, HealthRegistry } from "./health-registry.js"
export { HealthStatus, isHealthStatus, statusToGauge, worstStatus } from "./health-status.js"
export type { HealthListenerOptions } from "./http-listener.js"
export { healthRequestListener } from "./http-listener.js"
export type { ProbeHandler, ProbeResponse } from "./probe-handlers.js"
export { livenessHandler, readinessHandler } from "./probe-handlers.js"
