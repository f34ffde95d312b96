/** SqliteStore meets the MlsStore contract, including the durable section. */
import { runMlsStoreContract } from "@mlskit/core/testing/contract"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

runMlsStoreContract(
  "SqliteStore",
  async () => {
    const path = freshDatabasePath()
    return { store: await openSqliteStore({ path }), reopen: () => openSqliteStore({ path }) }
  },
  { durable: true },
)
