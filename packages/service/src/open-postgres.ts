/**
 * Opens the PostgreSQL store (the optional peer `@mlskit/store-postgres`),
 * behind the retry strategy (it is a remote dependency).
 */
import type { MlsStore } from "@mlskit/core"
import { loadOptionalPackage } from "./optional-package.js"
import { createRetryStrategy } from "./resilience.js"
import type { ServiceConfig } from "./service-config.js"
import { withRetries } from "./store-retries.js"

/** Open the shared store named by `storage.postgres_url` and `storage.postgres_schema`. */
export async function openPostgresStore(storage: ServiceConfig["storage"]): Promise<MlsStore> {
  const { openPostgresStore: open } = await loadOptionalPackage<
    typeof import("@mlskit/store-postgres")
  >("@mlskit/store-postgres", 'storage.driver = "postgres"')
  const store = await open({
    connection: storage.postgresUrl,
    schema: storage.postgresSchema,
  })
  return withRetries(store, createRetryStrategy())
}
