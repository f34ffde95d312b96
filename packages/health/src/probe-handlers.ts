/**
 * Framework-agnostic liveness and readiness probes. Use them behind any HTTP
 * framework: each returns `{ statusCode, body }`, where `body` is a
 * JSON-serialisable report, and leaves writing the response to you.
 */
import type { HealthReport } from "./component-health.js"
import type { HealthRegistry } from "./health-registry.js"
import { HealthStatus } from "./health-status.js"

/** What a probe answers: 200 or 503, and the report to send as JSON. */
export interface ProbeResponse {
  statusCode: 200 | 503
  body: HealthReport
}

/** A probe: call it per request. */
export type ProbeHandler = () => Promise<ProbeResponse>

/** Liveness: 200 unless a check registered with `liveness: true` is Unhealthy; shutting down does not fail it. */
export function livenessHandler(registry: HealthRegistry): ProbeHandler {
  return async () => {
    const body = await registry.checkLiveness()
    return { statusCode: body.status === HealthStatus.Unhealthy ? 503 : 200, body }
  }
}

/** Readiness: 200 when Healthy or Degraded; 503 when Unhealthy or shutting down (checks are then skipped). */
export function readinessHandler(registry: HealthRegistry): ProbeHandler {
  return async () => {
    if (registry.shuttingDown) return { statusCode: 503, body: shuttingDownReport() }
    const body = await registry.check()
    if (registry.shuttingDown) return { statusCode: 503, body: shuttingDownReport() }
    return { statusCode: body.status === HealthStatus.Unhealthy ? 503 : 200, body }
  }
}

function shuttingDownReport(): HealthReport {
  return {
    status: HealthStatus.Unhealthy,
    components: [
      { name: "shutdown", status: HealthStatus.Unhealthy, details: "shutting down", durationMs: 0 },
    ],
    checkedAt: new Date().toISOString(),
  }
}
