/**
 * The registry type mlskit accepts, and get-or-create helpers that make
 * registering the same metric twice on one registry reuse the first one
 * instead of throwing prom-client's "already registered" error.
 */
import {
  Counter,
  Gauge,
  Histogram,
  type OpenMetricsContentType,
  type PrometheusContentType,
  type Registry,
} from "prom-client"

/** A prom-client registry in either exposition format. */
export type MetricsRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>

type MetricClass<M> = abstract new (...args: never[]) => M

function reuse<M>(
  registry: MetricsRegistry,
  name: string,
  kind: MetricClass<M>,
  labelNames: readonly string[],
): M | undefined {
  const existing: unknown = registry.getSingleMetric(name)
  if (existing === undefined) return undefined
  const existingLabels: unknown =
    typeof existing === "object" && existing !== null
      ? Reflect.get(existing, "labelNames")
      : undefined
  const sameLabels =
    Array.isArray(existingLabels) &&
    existingLabels.length === labelNames.length &&
    labelNames.every((label) => existingLabels.includes(label))
  if (existing instanceof kind && sameLabels) return existing
  throw new Error(
    `metric ${name} is already registered on this registry with a different type or labels`,
  )
}

/** The counter named `name` on `registry`, created on first use. */
export function counter<L extends string>(
  registry: MetricsRegistry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return (
    reuse(registry, name, Counter<L>, labelNames) ??
    new Counter<L>({ name, help, labelNames, registers: [registry] })
  )
}

/** The gauge named `name` on `registry`, created on first use with an optional collect callback. */
export function gauge(
  registry: MetricsRegistry,
  name: string,
  help: string,
  collect?: (this: Gauge) => void | Promise<void>,
): Gauge {
  return (
    reuse(registry, name, Gauge, []) ??
    new Gauge({ name, help, registers: [registry], ...(collect ? { collect } : {}) })
  )
}

/** The histogram named `name` on `registry`, created on first use; existing buckets are kept. */
export function histogram<L extends string>(
  registry: MetricsRegistry,
  name: string,
  help: string,
  buckets: readonly number[],
  labelNames: readonly L[] = [],
): Histogram<L> {
  return (
    reuse(registry, name, Histogram<L>, labelNames) ??
    new Histogram<L>({ name, help, buckets: [...buckets], labelNames, registers: [registry] })
  )
}
