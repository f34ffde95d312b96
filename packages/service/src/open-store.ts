/** Opens the store named by `[storage]`: SQLite (embedded), PostgreSQL (shared) or memory. */
import { join } from "node:path"
import { InMemoryStore, type MlsStore } from "@mlskit/core"
import { openSqliteStore } from "@mlskit/store-sqlite"
import type { ServiceConfig } from "./service-config.js"

/** The SQLite file inside the data directory. */
export const SQLITE_FILE = "mlskit.db"

/** Open the configured store (migrations run on open). */
export async function openStore(storage: ServiceConfig["storage"]): Promise<MlsStore> {
  switch (storage.driver) {
    case "memory":
      return new InMemoryStore()
    case "sqlite":
      return openSqliteStore({ path: join(storage.dataDir, SQLITE_FILE) })
    case "postgres": {
      const { openPostgresStore } = await import("./open-postgres.js")
      return openPostgresStore(storage)
    }
  }
}
