/** InMemoryDeliveryStore over core's InMemoryStore meets the DeliveryStore contract. */
import { InMemoryStore } from "@mlskit/core"
import { InMemoryDeliveryStore } from "../src/index.js"
import { runDeliveryStoreContract } from "../src/testing/contract.js"

runDeliveryStoreContract("InMemoryDeliveryStore", () => {
  const store = new InMemoryStore()
  return { store, delivery: new InMemoryDeliveryStore(store), cleanup: () => store.close() }
})
