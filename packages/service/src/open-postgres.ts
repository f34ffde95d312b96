/** Opens the PostgreSQL store, behind the retry strategy (it is a remote dependency). */
import type { MlsStore } from "@mlskit/core"
import { openPostgresStore as open } from "@mlskit/store-postgres"
import { createRetryStrategy } from "./resilience.js"
import type { ServiceConfig } from "./service-config.js"
import { withRetries } from "./store-retries.js"

/** Open the shared store named by `storage.postgres_url` and `storage.postgres_schema`. */
export async function openPostgresStore(storage: ServiceConfig["storage"]): Promise<MlsStore> {
  const store = await open({
    connection: storage.postgresUrl,
    schema: storage.postgresSchema,
  })
  return withRetries(store, createRetryStrategy())
}
