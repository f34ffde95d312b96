/** SqliteDeliveryStore keeps the DeliveryStore contract of @mlskit/delivery, on a temporary store file. */
import { runDeliveryStoreContract } from "@mlskit/delivery/testing/contract"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

runDeliveryStoreContract("SqliteDeliveryStore", async () => {
  const store = await openSqliteStore({ path: freshDatabasePath() })
  return { store, delivery: store.deliveryStore(), cleanup: () => store.close() }
})
