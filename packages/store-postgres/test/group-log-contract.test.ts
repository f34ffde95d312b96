/** PostgresGroupLog keeps the GroupLog contract of @mlskit/delivery, in a throwaway schema per log. */
import { runGroupLogContract } from "@mlskit/delivery/testing/contract"
import { openPostgresStore } from "../src/index.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

describeWithPostgres("PostgreSQL", () => {
  runGroupLogContract("PostgresGroupLog", async (options) => {
    const schema = randomSchema()
    const store = await openPostgresStore({
      connection: { connectionString: PG_URL, max: 8 },
      schema,
    })
    const log = store.groupLog(options)
    return {
      log,
      cleanup: async () => {
        await log.close()
        await store.close()
        await dropSchema(schema)
      },
    }
  })
})
