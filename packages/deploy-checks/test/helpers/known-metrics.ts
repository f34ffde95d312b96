/**
 * The series a deploy asset may query: what @mlskit/metrics and hosted
 * delivery (@mlskit/service) really register (histograms as _bucket, _sum
 * and _count), the few prom-client default metrics the server is promised
 * to expose, and `up`.
 */
import { createMlsMetrics } from "@mlskit/metrics"
import { createDeliveryMetrics } from "@mlskit/service"
import { Registry } from "prom-client"

/** prom-client default metrics the dashboard and alerts may use. */
export const PROCESS_METRICS_USED = [
  "process_cpu_seconds_total",
  "process_resident_memory_bytes",
  "process_start_time_seconds",
  "nodejs_eventloop_lag_seconds",
] as const

/** Series names exposed by a registry, with histograms expanded. */
export async function seriesNames(registry: Registry): Promise<string[]> {
  const metrics = await registry.getMetricsAsJSON()
  // prom-client types `type` as a numeric enum, but the JSON holds the string.
  return metrics.flatMap((m) =>
    String(m.type) === "histogram"
      ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`]
      : [m.name],
  )
}

/**
 * The series of @mlskit/metrics and of hosted delivery on a fresh registry.
 * The server registers the delivery metrics only while delivery is on
 * (`[delivery] driver = "store"`, the default); deploy assets may read them.
 */
export async function mlskitSeriesNames(): Promise<string[]> {
  const registry = new Registry()
  createMlsMetrics({ registry })
  createDeliveryMetrics(registry)
  return seriesNames(registry)
}

/** Every series a deploy asset may query, apart from recording rules. */
export async function queryableSeries(): Promise<Set<string>> {
  return new Set([...(await mlskitSeriesNames()), ...PROCESS_METRICS_USED, "up"])
}
