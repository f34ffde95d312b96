/**
 * @mlskit/store-postgres: the MlsStore shared by several mlskit instances,
 * on PostgreSQL through node-postgres, with compare-and-swap group updates,
 * concurrent-safe migrations and retryable errors for lost connections, and
 * the group log and delivery store of @mlskit/delivery in the same schema.
 */
export { SCHEMA_VERSION } from "./migrations.js"
export { isRetryablePgError } from "./pg-errors.js"
export { PostgresDeliveryStore } from "./postgres-delivery-store.js"
export { PostgresGroupLog, type PostgresGroupLogOptions } from "./postgres-group-log.js"
export {
  openPostgresStore,
  PostgresStore,
  type PostgresStoreOptions,
} from "./postgres-store.js"
