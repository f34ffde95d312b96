/** PostgresDeliveryStore keeps the DeliveryStore contract of @mlskit/delivery, in a throwaway schema per test. */
import { runDeliveryStoreContract } from "@mlskit/delivery/testing/contract"
import { openPostgresStore } from "../src/index.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

describeWithPostgres("PostgreSQL", () => {
  runDeliveryStoreContract("PostgresDeliveryStore", async () => {
    const schema = randomSchema()
    const store = await openPostgresStore({
      connection: { connectionString: PG_URL, max: 8 },
      schema,
    })
    return {
      store,
      delivery: store.deliveryStore(),
      cleanup: async () => {
        await store.close()
        await dropSchema(schema)
      },
    }
  })
})
