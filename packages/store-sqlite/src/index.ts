/**
 * @mlskit/store-sqlite: the embedded, crash-safe MlsStore on one SQLite file
 * (better-sqlite3, WAL, synchronous=FULL, versioned migrations).
 */
export { SCHEMA_VERSION } from "./migrations.js"
export {
  openSqliteStore,
  SqliteStore,
  type SqliteStoreDiagnostics,
  type SqliteStoreOptions,
} from "./sqlite-store.js"
