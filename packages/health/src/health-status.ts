/**
 * The three health states and how they combine. Use `HealthStatus.Healthy`
 * and friends instead of string literals, and `worstStatus` to aggregate:
 * the worst component decides.
 */

/** The health states, as a const object of their string values. */
export const HealthStatus = {
  Healthy: "healthy",
  Degraded: "degraded",
  Unhealthy: "unhealthy",
} as const

/** `"healthy"`, `"degraded"` or `"unhealthy"`. */
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus]

const RANK: Readonly<Record<HealthStatus, 0 | 1 | 2>> = {
  healthy: 0,
  degraded: 1,
  unhealthy: 2,
}

/** True if `value` is one of the three status strings. */
export function isHealthStatus(value: unknown): value is HealthStatus {
  return typeof value === "string" && Object.hasOwn(RANK, value)
}

/** The worst of `statuses` (unhealthy > degraded > healthy); healthy when there are none. */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = HealthStatus.Healthy
  for (const status of statuses) if (RANK[status] > RANK[worst]) worst = status
  return worst
}

/** A gauge value for metrics such as mls_service_health_status: 0 healthy, 1 degraded, 2 unhealthy. */
export function statusToGauge(status: HealthStatus): 0 | 1 | 2 {
  return RANK[status]
}
