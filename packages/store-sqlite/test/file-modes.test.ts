/** The store file holds sealed secrets: it and its -wal and -shm files are readable by their owner only. */
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { identityFixture } from "@mlskit/core/testing"
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

const modeOf = (file: string) => statSync(file).mode & 0o777
const storeFiles = (path: string) => [path, `${path}-wal`, `${path}-shm`]

describe.skipIf(process.platform === "win32")("store file modes", () => {
  it("creates the database, -wal and -shm files with mode 0600", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    await store.createIdentity(identityFixture("alice"))
    for (const file of storeFiles(path)) {
      expect(existsSync(file), file).toBe(true)
      expect(modeOf(file).toString(8), file).toBe("600")
    }
    expect(modeOf(dirname(path)) & 0o077).toBe(0)
    await store.close()
  })

  it("narrows a store file an older release left readable by others to its owner", async () => {
    const path = freshDatabasePath()
    mkdirSync(dirname(path), { recursive: true })
    const old = new Database(path)
    old.pragma("journal_mode = WAL")
    old.close()
    chmodSync(path, 0o644)
    const store = await openSqliteStore({ path })
    await store.createIdentity(identityFixture("alice"))
    for (const file of storeFiles(path)) expect(modeOf(file).toString(8), file).toBe("600")
    await store.close()
  })
})
