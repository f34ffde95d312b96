/**
 * `createMlsMetrics`: the mlskit metrics on an injected prom-client
 * registry, fed by core's operation hooks. Use it once per registry; a
 * second call with the same registry and prefix returns the same object.
 */
import {
  ERROR_CODES,
  OPERATION_NAMES,
  type OperationAttributes,
  type OperationHooks,
  type OperationName,
  type SealedRecordKind,
} from "@mlskit/core"
import type { Counter, Histogram } from "prom-client"
import { type HealthStatusInput, healthStatusValue } from "./health-status.js"
import { errorCodeLabel, operationLabel } from "./label-values.js"
import {
  DEFAULT_DURATION_BUCKETS_MS,
  METRIC_NAMES,
  TIMED_OPERATIONS,
  type TimedOperation,
} from "./metric-names.js"
import { counter, gauge, histogram, type MetricsRegistry } from "./metrics-registry.js"

/** Options of `createMlsMetrics`. */
export interface MlsMetricsOptions {
  /** Where the metrics are registered. Required: mlskit never uses prom-client's global registry. */
  registry: MetricsRegistry
  /** Prepended to every metric name, e.g. "chat_" gives "chat_mls_active_groups". Default "". */
  prefix?: string
  /** Duration histogram buckets in ms. Default 0.1 ms to 10 s. The first call's buckets win. */
  buckets?: readonly number[]
  /** Read on every scrape to set `mls_active_groups`. */
  activeGroups?: () => number | Promise<number>
  /** Read on every scrape to set `mls_service_health_status`. */
  healthStatus?: () => HealthStatusInput | Promise<HealthStatusInput>
}

/** The outcome core reports to `onEnd`. */
export type OperationOutcome = Parameters<NonNullable<OperationHooks["onEnd"]>>[1]

/** Operation hooks that record metrics, plus setters for the two gauges. */
export interface MlsMetrics extends OperationHooks {
  /** The registry the metrics live on. */
  readonly registry: MetricsRegistry
  /** Records one finished operation. Never throws. */
  onEnd(operation: OperationName, outcome: OperationOutcome, context?: unknown): void
  /** Sets `mls_active_groups`; throws a RangeError for a negative or non-finite count. */
  setActiveGroups(count: number): void
  /** Sets `mls_service_health_status` (0 healthy, 1 degraded, 2 unhealthy). */
  setHealthStatus(status: HealthStatusInput): void
  /** Counts one stored record that did not open under the state key (`mls_state_unreadable_total`). Never throws. */
  stateUnreadable(record: SealedRecordKind): void
}

/** The `record` label values of `mls_state_unreadable_total`. */
export const SEALED_RECORD_KINDS: readonly SealedRecordKind[] = [
  "group_state",
  "signature_key",
  "key_package",
]

type Sources = Pick<MlsMetricsOptions, "activeGroups" | "healthStatus">

interface Entry {
  metrics: MlsMetrics
  sources: Sources
  /** A metric of the set, to notice a registry that was cleared since. */
  probe: { name: string; metric: unknown }
}

const created = new WeakMap<MetricsRegistry, Map<string, Entry>>()

/** Registers (or reuses) the mlskit metrics on `options.registry` and returns hooks that feed them. */
export function createMlsMetrics(options: MlsMetricsOptions): MlsMetrics {
  const { registry, prefix = "" } = options
  if (registry === undefined || registry === null) {
    throw new TypeError("createMlsMetrics needs a prom-client Registry")
  }
  let byPrefix = created.get(registry)
  if (byPrefix === undefined) {
    byPrefix = new Map()
    created.set(registry, byPrefix)
  }
  const existing = byPrefix.get(prefix)
  if (
    existing !== undefined &&
    registry.getSingleMetric(existing.probe.name) === existing.probe.metric
  ) {
    if (options.activeGroups) existing.sources.activeGroups = options.activeGroups
    if (options.healthStatus) existing.sources.healthStatus = options.healthStatus
    return existing.metrics
  }
  const sources: Sources = {}
  if (options.activeGroups) sources.activeGroups = options.activeGroups
  if (options.healthStatus) sources.healthStatus = options.healthStatus
  const metrics = build(registry, prefix, options.buckets ?? DEFAULT_DURATION_BUCKETS_MS, sources)
  const probeName = `${prefix}${METRIC_NAMES.operationErrors}`
  byPrefix.set(prefix, {
    metrics,
    sources,
    probe: { name: probeName, metric: registry.getSingleMetric(probeName) },
  })
  return metrics
}

function build(
  registry: MetricsRegistry,
  prefix: string,
  buckets: readonly number[],
  sources: Sources,
): MlsMetrics {
  const name = (key: keyof typeof METRIC_NAMES) => `${prefix}${METRIC_NAMES[key]}`
  const durations = new Map<string, Histogram>(
    TIMED_OPERATIONS.map((operation) => [
      operation,
      histogram(
        registry,
        `${prefix}mls_${operation}_duration_ms`,
        `Duration of ${operation} operations in milliseconds, successful or not.`,
        buckets,
      ),
    ]),
  )
  const otherDurations = histogram(
    registry,
    name("operationDuration"),
    `Duration in milliseconds of operations other than ${TIMED_OPERATIONS.join(", ")}.`,
    buckets,
    ["operation"],
  )
  const count = (key: keyof typeof METRIC_NAMES, help: string) => counter(registry, name(key), help)
  const encrypted = count("messagesEncrypted", "Application messages encrypted (sent).")
  const decrypted = count("messagesDecrypted", "Application messages decrypted (received).")
  const proposals = count("proposalsReceived", "Proposals received and processed.")
  const commits = count("commitsReceived", "Commits received and applied.")
  const added = count("membersAdded", "Members added by this instance's add_members commits.")
  const removed = count(
    "membersRemoved",
    "Members removed by this instance's remove_members commits.",
  )
  const groupsCreated = count("groupsCreated", "Groups created.")
  const errors = counter(
    registry,
    name("operationErrors"),
    "Failed operations by operation and stable error code.",
    ["operation", "code"],
  )
  // Start every known series at 0: rate() ignores a series' first sample,
  // so a series born with its first failure would hide that failure.
  for (const operation of OPERATION_NAMES) {
    for (const code of ERROR_CODES) errors.inc({ operation, code }, 0)
    if (!durations.has(operation)) otherDurations.zero({ operation })
  }
  const unreadable = counter(
    registry,
    name("stateUnreadable"),
    "Stored records that did not open under the configured state key (wrong key, damaged or altered data).",
    ["record"],
  )
  for (const record of SEALED_RECORD_KINDS) unreadable.inc({ record }, 0)
  const activeGroups = gauge(
    registry,
    name("activeGroups"),
    "Groups this instance currently holds.",
    async function collect() {
      if (sources.activeGroups) this.set(checkedCount(await sources.activeGroups()))
    },
  )
  const health = gauge(
    registry,
    name("healthStatus"),
    "Service health: 0 healthy, 1 degraded, 2 unhealthy.",
    async function collect() {
      if (sources.healthStatus) this.set(healthStatusValue(await sources.healthStatus()))
    },
  )

  const byContentType: Record<string, Counter | undefined> = {
    application: decrypted,
    proposal: proposals,
    commit: commits,
  }
  const onSuccess: Partial<Record<OperationName, (attributes: OperationAttributes) => void>> = {
    create_group: () => groupsCreated.inc(),
    send_message: () => encrypted.inc(),
    process_message: (attributes) => {
      const contentType = attributes.contentType
      if (contentType !== undefined && Object.hasOwn(byContentType, contentType)) {
        byContentType[contentType]?.inc()
      }
    },
    add_members: (attributes) => incBy(added, attributes.membersAdded),
    remove_members: (attributes) => incBy(removed, attributes.membersRemoved),
  }

  const record = (operation: OperationName, outcome: OperationOutcome): void => {
    const { durationMs, error } = outcome
    if (typeof durationMs === "number" && Number.isFinite(durationMs) && durationMs >= 0) {
      const dedicated = durations.get(operation as TimedOperation)
      if (dedicated) dedicated.observe(durationMs)
      else otherDurations.observe({ operation: operationLabel(operation) }, durationMs)
    }
    if (error !== undefined && error !== null) {
      errors.inc({ operation: operationLabel(operation), code: errorCodeLabel(error) })
      return
    }
    onSuccess[operation]?.(outcome.attributes ?? {})
  }

  return {
    registry,
    onEnd(operation, outcome) {
      try {
        record(operation, outcome)
      } catch {
        // A metrics failure must never change the outcome of an operation.
      }
    },
    setActiveGroups(value) {
      activeGroups.set(checkedCount(value))
    },
    setHealthStatus(status) {
      health.set(healthStatusValue(status))
    },
    stateUnreadable(record) {
      if (SEALED_RECORD_KINDS.includes(record)) unreadable.inc({ record })
    },
  }
}

function incBy(metric: Counter, value: number | undefined): void {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) metric.inc(value)
}

function checkedCount(value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`active group count must be a non-negative number, got ${String(value)}`)
  }
  return value
}
