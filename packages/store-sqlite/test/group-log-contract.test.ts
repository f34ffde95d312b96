/** SqliteGroupLog keeps the GroupLog contract of @mlskit/delivery, on a temporary store file. */
import { runGroupLogContract } from "@mlskit/delivery/testing/contract"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

runGroupLogContract("SqliteGroupLog", async (options) => {
  const store = await openSqliteStore({ path: freshDatabasePath() })
  const log = store.groupLog(options)
  return {
    log,
    cleanup: async () => {
      await log.close()
      await store.close()
    },
  }
})
