/**
 * Opens the store named by `[storage]`: SQLite (embedded), PostgreSQL (shared)
 * or memory. The SQLite and PostgreSQL drivers are optional peer dependencies
 * (`@mlskit/store-sqlite`, `@mlskit/store-postgres`), loaded only when named.
 */
import { join } from "node:path"
import { InMemoryStore, type MlsStore } from "@mlskit/core"
import { loadOptionalPackage } from "./optional-package.js"
import type { ServiceConfig } from "./service-config.js"

/** The SQLite file inside the data directory. */
export const SQLITE_FILE = "mlskit.db"

/**
 * Open the configured store (migrations run on open). A driver whose package
 * is not installed is a MissingDependencyError naming the package.
 */
export async function openStore(storage: ServiceConfig["storage"]): Promise<MlsStore> {
  switch (storage.driver) {
    case "memory":
      return new InMemoryStore()
    case "sqlite": {
      const { openSqliteStore } = await loadOptionalPackage<typeof import("@mlskit/store-sqlite")>(
        "@mlskit/store-sqlite",
        'storage.driver = "sqlite"',
      )
      return openSqliteStore({ path: join(storage.dataDir, SQLITE_FILE) })
    }
    case "postgres": {
      const { openPostgresStore } = await import("./open-postgres.js")
      return openPostgresStore(storage)
    }
  }
}
