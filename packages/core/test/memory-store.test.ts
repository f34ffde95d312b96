/** InMemoryStore meets the MlsStore contract. */
import { InMemoryStore } from "../src/memory-store.js"
import { runMlsStoreContract } from "../src/testing/contract.js"

runMlsStoreContract("InMemoryStore", async () => ({ store: new InMemoryStore() }))
