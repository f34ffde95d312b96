/**
 * @mlskit/store-sqlite: the embedded, crash-safe MlsStore on one SQLite file
 * (better-sqlite3, WAL, synchronous=FULL, versioned migrations), and the
 * group log and delivery store of @mlskit/delivery in the same file.
 */
export { SCHEMA_VERSION } from "./migrations.js"
export { SqliteDeliveryStore } from "./sqlite-delivery-store.js"
export {
  type OpenSqliteGroupLogOptions,
  openSqliteGroupLog,
  SqliteGroupLog,
  type SqliteGroupLogOptions,
} from "./sqlite-group-log.js"
export {
  openSqliteStore,
  SqliteStore,
  type SqliteStoreDiagnostics,
  type SqliteStoreOptions,
} from "./sqlite-store.js"
