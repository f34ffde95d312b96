/**
 * The value of the `mls_service_health_status` gauge: 0 healthy,
 * 1 degraded, 2 unhealthy, so alerts can fire on `> 0`.
 */

/** A health status by name. */
export type HealthStatus = "healthy" | "degraded" | "unhealthy"

/** A health status by name or by its gauge value. */
export type HealthStatusInput = HealthStatus | 0 | 1 | 2

const VALUES: Record<HealthStatus, 0 | 1 | 2> = { healthy: 0, degraded: 1, unhealthy: 2 }

/** The gauge value of a status; throws a RangeError for anything else. */
export function healthStatusValue(status: HealthStatusInput): 0 | 1 | 2 {
  if (status === 0 || status === 1 || status === 2) return status
  if (typeof status === "string" && Object.hasOwn(VALUES, status)) return VALUES[status]
  throw new RangeError(`unknown health status: ${String(status)}`)
}
