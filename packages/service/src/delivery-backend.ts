/**
 * The group log and delivery store of the configured store: SQLite and
 * PostgreSQL keep them in their own database (`groupLog()`,
 * `deliveryStore()`), the memory store beside it in memory.
 */
import { ConfigError, InMemoryStore, type MlsStore } from "@mlskit/core"
import {
  type DeliveryStore,
  type GroupLog,
  InMemoryDeliveryStore,
  InMemoryGroupLog,
  type RetentionPolicy,
} from "@mlskit/delivery"

/** One appended entry handed to this instance by the shared appliers (NATS). */
export interface AppliedEntry {
  groupId: Uint8Array
  seq: number
  kind: string
  /** The entry's headers: the appender's trace context travels here. */
  headers: Record<string, string>
  /** 1 on the first delivery; more: another instance did not finish it. */
  deliveryCount: number
  /** When it was appended, ms since the Unix epoch. */
  time: number
}

/** This instance's share of the appliers, and the shared consumer's backlog. */
export interface RunningAppliers {
  stop(): Promise<void>
  state(): Promise<{ pending: number; ackPending: number; redelivered: number }>
}

/** What hosted delivery keeps where: the group log, and the inbox and directory tables. */
export interface DeliveryBackend {
  log: GroupLog
  deliveryStore: DeliveryStore
  /** Name of the log's driver, for metrics and health ("store", "nats"). */
  driver?: string
  /**
   * A log shared by instances that hands each appended entry to one of
   * them (NATS): join it; the instance brings the group's hosted members
   * up to date in `apply` (a throw hands the entry to an instance later).
   */
  startAppliers?(
    apply: (entry: AppliedEntry) => Promise<void>,
    onError: (error: unknown) => void,
  ): Promise<RunningAppliers>
  /** Round trip to the log's server in ms (NATS); throws when it does not answer. */
  ping?(): Promise<number>
  /** Release the log's connection (at shutdown, after the last apply). */
  close?(): Promise<void>
}

/** A store with delivery tables (SQLite, PostgreSQL). */
export interface DeliveryCapableStore extends MlsStore {
  groupLog(options?: { retention?: RetentionPolicy; maxMessageBytes?: number }): GroupLog
  deliveryStore(): DeliveryStore
}

/** Whether `store` keeps delivery tables itself. */
export function isDeliveryCapable(store: MlsStore): store is DeliveryCapableStore {
  const s = store as Partial<DeliveryCapableStore>
  return typeof s.groupLog === "function" && typeof s.deliveryStore === "function"
}

/** The delivery backend of `store`; ConfigError for a store without one. */
export function deliveryBackendFor(
  store: MlsStore,
  options: { retention?: RetentionPolicy; maxMessageBytes?: number } = {},
): DeliveryBackend {
  if (isDeliveryCapable(store))
    return { log: store.groupLog(options), deliveryStore: store.deliveryStore(), driver: "store" }
  if (store instanceof InMemoryStore)
    return {
      log: new InMemoryGroupLog(options),
      deliveryStore: new InMemoryDeliveryStore(store),
      driver: "store",
    }
  throw new ConfigError(
    "delivery.driver",
    'the store has no group log: use storage.driver "sqlite", "postgres" or "memory", or delivery.driver = "none"',
  )
}
