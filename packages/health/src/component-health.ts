/**
 * The shapes a health check produces and the reports built from them. Use
 * these types to write a check (return a status, or a `ComponentHealth` when
 * there is something to say) and to read a report.
 */
import type { HealthStatus } from "./health-status.js"

/** The health of one named component. `details` is a short human-readable note, never a secret. */
export interface ComponentHealth {
  name: string
  status: HealthStatus
  details?: string
}

/** What a check may return: a bare status, or a component health (its `name` is replaced by the registered name). */
export type HealthCheckResult = HealthStatus | ComponentHealth | Omit<ComponentHealth, "name">

/** What a check is given: a signal that aborts when the check times out, so it can stop its work. */
export interface HealthCheckContext {
  signal: AbortSignal
}

/** A health check, sync or async. Throwing means unhealthy. */
export type HealthCheck = (
  context: HealthCheckContext,
) => HealthCheckResult | Promise<HealthCheckResult>

/** One component in a report: its health plus how long its check took. */
export interface ComponentReport extends ComponentHealth {
  durationMs: number
}

/** An aggregated report: the worst status, every component checked, and when (ISO 8601). */
export interface HealthReport {
  status: HealthStatus
  components: ComponentReport[]
  checkedAt: string
}
