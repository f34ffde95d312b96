/** Lock contention from another connection surfaces as a retryable StorageError, never a partial write. */
import {
  expectMlskitError,
  fixtureBytes,
  groupFixture,
  identityFixture,
} from "@mlskit/core/testing"
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

describe("a write while another connection holds the write lock", () => {
  it("fails with a retryable StorageError after busyTimeoutMs, then succeeds once the lock is released", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path, busyTimeoutMs: 20 })
    await store.createIdentity(identityFixture("alice"))
    const created = await store.createGroup(groupFixture("alice", "alice.g"))
    const other = new Database(path)
    other.exec("BEGIN IMMEDIATE")

    const update = { epoch: 1, state: fixtureBytes(1) }
    const error = await expectMlskitError(store.updateGroup("alice.g", 1, update), "STORAGE_ERROR")
    expect(error.retryable).toBe(true)
    await expectMlskitError(store.consumeKeyPackage("0a"), "STORAGE_ERROR")
    expect(await store.getGroup("alice.g")).toStrictEqual(created)

    other.exec("COMMIT")
    other.close()
    expect((await store.updateGroup("alice.g", 1, update)).version).toBe(2)
    await store.close()
  })
})
