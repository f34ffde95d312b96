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

/** What hosted delivery keeps in the store. */
export interface DeliveryBackend {
  log: GroupLog
  deliveryStore: DeliveryStore
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
    return { log: store.groupLog(options), deliveryStore: store.deliveryStore() }
  if (store instanceof InMemoryStore)
    return { log: new InMemoryGroupLog(options), deliveryStore: new InMemoryDeliveryStore(store) }
  throw new ConfigError(
    "delivery.driver",
    'the store has no group log: use storage.driver "sqlite", "postgres" or "memory", or delivery.driver = "none"',
  )
}
