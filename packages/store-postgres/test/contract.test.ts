/** PostgresStore meets the MlsStore contract, including the durable section; one schema per test. */
import { runMlsStoreContract } from "@mlskit/core/testing/contract"
import { openPostgresStore } from "../src/index.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

describeWithPostgres("PostgreSQL", () => {
  runMlsStoreContract(
    "PostgresStore",
    async () => {
      const schema = randomSchema()
      const options = { connection: { connectionString: PG_URL, max: 8 }, schema }
      return {
        store: await openPostgresStore(options),
        reopen: () => openPostgresStore(options),
        cleanup: () => dropSchema(schema),
      }
    },
    { durable: true },
  )
})
