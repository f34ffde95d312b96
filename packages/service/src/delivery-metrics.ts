/**
 * Prometheus metrics of hosted delivery, as a DeliveryObserver. No label
 * carries a group or identity id: kinds, reasons and buckets only.
 */
import type { DeliveryObserver, ExternalDeliveryObserver } from "@mlskit/delivery"
import { Counter, Gauge, Histogram, type Registry } from "prom-client"

/** Delivery's observer plus what the service reports itself. */
export interface DeliveryMetrics extends DeliveryObserver, ExternalDeliveryObserver {
  /** An identity's inbox held `depth` entries when it was read. */
  inboxRead(depth: number): void
  /** An append to the group log took `seconds` (the publish latency on NATS). */
  logAppend(seconds: number): void
  /** This instance applied an entry the shared appliers handed it. */
  appliersApplied(kind: string, deliveryCount: number, secondsSinceAppend: number): void
  /** Where the shared appliers' consumer stands, read at each scrape. */
  watchAppliers(state: () => Promise<{ pending: number; ackPending: number }>): void
}

/** The delivery metrics on `registry`, fed through the returned observer. */
export function createDeliveryMetrics(registry: Registry): DeliveryMetrics {
  const appends = new Counter({
    name: "mls_delivery_log_appends_total",
    help: "Entries appended to group logs, by kind (commit, proposal, application).",
    labelNames: ["kind"],
    registers: [registry],
  })
  const fenced = new Counter({
    name: "mls_delivery_fence_rejections_total",
    help: "Hosted members' commits that lost the epoch fence to another commit.",
    registers: [registry],
  })
  const redos = new Counter({
    name: "mls_delivery_commit_redo_total",
    help: "Commit intents made again on a new epoch after losing the fence.",
    registers: [registry],
  })
  const applied = new Counter({
    name: "mls_delivery_applied_total",
    help: "Log entries applied for hosted members, by kind.",
    labelNames: ["kind"],
    registers: [registry],
  })
  const lagEntries = new Histogram({
    name: "mls_delivery_apply_lag_entries",
    help: "How many entries the group log was ahead of a hosted member when it applied one.",
    buckets: [0, 1, 2, 5, 10, 50, 100, 1000, 10_000],
    registers: [registry],
  })
  const lagSeconds = new Histogram({
    name: "mls_delivery_apply_lag_seconds",
    help: "Time from an entry's append to its apply for a hosted member.",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300],
    registers: [registry],
  })
  const skipped = new Counter({
    name: "mls_delivery_skipped_entries_total",
    help: "Log entries a hosted member could not use and skipped, by reason.",
    labelNames: ["reason"],
    registers: [registry],
  })
  const futureWaits = new Counter({
    name: "mls_delivery_future_epoch_waits_total",
    help: "Times an entry from an epoch a hosted member had not reached made it wait.",
    registers: [registry],
  })
  const forks = new Counter({
    name: "mls_delivery_forks_detected_total",
    help: "Times hosted members of one group had different epoch authenticators for one epoch (must stay 0).",
    registers: [registry],
  })
  const fellBehind = new Counter({
    name: "mls_delivery_fell_behind_total",
    help: "Times retention had trimmed entries a hosted member had not applied.",
    registers: [registry],
  })
  const inboxDepth = new Histogram({
    name: "mls_delivery_inbox_depth",
    help: "Entries an identity's inbox held when it was read (retention bounds it).",
    buckets: [0, 1, 10, 100, 1000, 10_000, 100_000],
    registers: [registry],
  })
  const backgroundErrors = new Counter({
    name: "mls_delivery_background_errors_total",
    help: "Failures of background fan-out or key-package refills (retried by the next catch-up).",
    registers: [registry],
  })
  const keyPackagesPublished = new Counter({
    name: "mls_delivery_key_packages_published_total",
    help: "Key packages published to the directory, by identity kind (hosted: generated here; external: uploaded).",
    labelNames: ["kind"],
    registers: [registry],
  })
  const keyPackagesClaimed = new Counter({
    name: "mls_delivery_key_packages_claimed_total",
    help: "Key packages claimed from the directory to add their identity, by identity kind.",
    labelNames: ["kind"],
    registers: [registry],
  })
  const keyPackageStock = new Histogram({
    name: "mls_delivery_key_package_stock",
    help: "Unclaimed key packages an identity had left after a claim or an upload, by identity kind.",
    labelNames: ["kind"],
    buckets: [0, 1, 2, 5, 10, 50, 100],
    registers: [registry],
  })
  const welcomes = new Counter({
    name: "mls_delivery_welcomes_total",
    help: "Welcomes for identities whose keys live elsewhere: stored, fetched (each one served) and acknowledged.",
    labelNames: ["event"],
    registers: [registry],
  })
  const externalAppends = new Counter({
    name: "mls_delivery_external_appends_total",
    help: "Entries appended by members whose keys live elsewhere, by kind.",
    labelNames: ["kind"],
    registers: [registry],
  })
  const externalRefusals = new Counter({
    name: "mls_delivery_external_refusals_total",
    help: "Messages of members whose keys live elsewhere refused before the log, by reason.",
    labelNames: ["reason"],
    registers: [registry],
  })
  const appendSeconds = new Histogram({
    name: "mls_delivery_log_append_seconds",
    help: "Time to append an entry to the group log (the publish latency with NATS JetStream).",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2],
    registers: [registry],
  })
  const appliersApplied = new Counter({
    name: "mls_delivery_appliers_applied_total",
    help: "Entries this instance applied for the group's hosted members as the shared appliers handed them out (its share), by kind.",
    labelNames: ["kind"],
    registers: [registry],
  })
  const appliersRedelivered = new Counter({
    name: "mls_delivery_appliers_redeliveries_total",
    help: "Entries this instance was handed after another instance did not finish them within the ack wait.",
    registers: [registry],
  })
  const appendToApply = new Histogram({
    name: "mls_delivery_append_to_apply_seconds",
    help: "Time from an entry's append (on any instance) to its apply for the group's hosted members by this instance.",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300],
    registers: [registry],
  })
  let appliersState: (() => Promise<{ pending: number; ackPending: number }>) | undefined
  new Gauge({
    name: "mls_delivery_appliers_pending",
    help: "Entries of the shared appliers' consumer not handed out yet (the consumer lag), across instances.",
    registers: [registry],
    async collect() {
      if (!appliersState) return
      try {
        this.set((await appliersState()).pending)
      } catch {
        // NATS down: keep the last value; health says so.
      }
    },
  })
  new Gauge({
    name: "mls_delivery_appliers_ack_pending",
    help: "Entries handed out to an instance and not acknowledged yet, across instances.",
    registers: [registry],
    async collect() {
      if (!appliersState) return
      try {
        this.set((await appliersState()).ackPending)
      } catch {
        // NATS down: keep the last value.
      }
    },
  })
  for (const kind of ["hosted", "external"]) {
    keyPackagesPublished.inc({ kind }, 0)
    keyPackagesClaimed.inc({ kind }, 0)
  }
  for (const event of ["stored", "fetched", "acknowledged"]) welcomes.inc({ event }, 0)
  return {
    appended: (kind) => appends.inc({ kind }),
    keyPackagesPublished: (kind, count) => keyPackagesPublished.inc({ kind }, count),
    keyPackageClaimed: (kind, stock) => {
      keyPackagesClaimed.inc({ kind })
      if (stock !== undefined) keyPackageStock.observe({ kind }, stock)
    },
    welcomeStored: () => welcomes.inc({ event: "stored" }),
    welcomesFetched: (count) => welcomes.inc({ event: "fetched" }, count),
    welcomeDeleted: () => welcomes.inc({ event: "acknowledged" }),
    externalAppended: (kind) => {
      appends.inc({ kind })
      externalAppends.inc({ kind })
    },
    refused: (reason) => externalRefusals.inc({ reason }),
    fenced: () => fenced.inc(),
    redo: () => redos.inc(),
    applied: (_groupId, kind, entries, seconds) => {
      applied.inc({ kind })
      lagEntries.observe(entries)
      lagSeconds.observe(seconds)
    },
    skipped: (_groupId, _seq, reason) => skipped.inc({ reason }),
    futureEpochWait: () => futureWaits.inc(),
    forkDetected: () => forks.inc(),
    fellBehind: () => fellBehind.inc(),
    backgroundError: () => backgroundErrors.inc(),
    inboxRead: (depth) => inboxDepth.observe(depth),
    logAppend: (seconds) => appendSeconds.observe(seconds),
    appliersApplied: (kind, deliveryCount, seconds) => {
      appliersApplied.inc({ kind })
      if (deliveryCount > 1) appliersRedelivered.inc()
      appendToApply.observe(Math.max(0, seconds))
    },
    watchAppliers: (state) => {
      appliersState = state
    },
  }
}
