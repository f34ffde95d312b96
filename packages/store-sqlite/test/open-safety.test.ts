/** Opening refuses files it must not touch, with a clear StorageError, and leaves them unchanged. */
import { randomBytes } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { expectMlskitError, groupFixture, identityFixture } from "@mlskit/core/testing"
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { openSqliteStore, SCHEMA_VERSION } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

/** Opens `path`, expects a non-retryable StorageError, and checks the file did not change. */
async function expectRefused(path: string, message: RegExp): Promise<void> {
  const before = readFileSync(path)
  const error = await expectMlskitError(openSqliteStore({ path }), "STORAGE_ERROR")
  expect(error.message).toMatch(message)
  expect(error.retryable).toBe(false)
  expect(readFileSync(path).equals(before)).toBe(true)
  expect(existsSync(`${path}-wal`)).toBe(false)
}

/** A closed store file holding one identity with one group. */
async function storeWithData(): Promise<string> {
  const path = freshDatabasePath()
  const store = await openSqliteStore({ path })
  await store.createIdentity(identityFixture("alice"))
  await store.createGroup(groupFixture("alice", "alice.g", { state: new Uint8Array(20_000) }))
  await store.close()
  return path
}

describe("opening a store file", () => {
  it("creates a missing file and its parent directories", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    expect(existsSync(path)).toBe(true)
    expect(store.diagnostics().schemaVersion).toBe(SCHEMA_VERSION)
    await store.close()
  })

  it("uses WAL, synchronous=FULL, foreign keys and the configured busy timeout", async () => {
    const store = await openSqliteStore({ path: freshDatabasePath(), busyTimeoutMs: 1234 })
    expect(store.diagnostics()).toMatchObject({
      journalMode: "wal",
      synchronous: 2,
      foreignKeys: true,
      busyTimeoutMs: 1234,
    })
    await store.close()
  })

  it("refuses a file of garbage bytes and leaves it unchanged", async () => {
    const path = freshDatabasePath()
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, randomBytes(16_384))
    await expectRefused(path, /not a SQLite database/)
  })

  it("refuses a store file whose table pages were overwritten and leaves it unchanged", async () => {
    const path = await storeWithData()
    const bytes = readFileSync(path)
    const pageSize = bytes.readUInt16BE(16)
    randomBytes(bytes.length - pageSize).copy(bytes, pageSize)
    writeFileSync(path, bytes)
    await expectRefused(path, /corrupt/)
  })

  it("refuses a truncated store file and leaves it unchanged", async () => {
    const path = await storeWithData()
    truncateSync(path, readFileSync(path).readUInt16BE(16) * 2)
    await expectRefused(path, /corrupt/)
  })

  it("refuses a file written by a newer schema version and leaves it unchanged", async () => {
    const path = await storeWithData()
    const raw = new Database(path)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    await expectRefused(path, new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than`))
  })

  it("refuses another application's SQLite database and leaves it unchanged", async () => {
    const path = freshDatabasePath()
    mkdirSync(dirname(path), { recursive: true })
    const raw = new Database(path)
    raw.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')")
    raw.close()
    await expectRefused(path, /not an mlskit store/)
  })

  it("fails with a StorageError when the path cannot be created", async () => {
    const blocker = freshDatabasePath()
    mkdirSync(dirname(blocker), { recursive: true })
    writeFileSync(blocker, "a file, not a directory")
    await expectMlskitError(openSqliteStore({ path: `${blocker}/mlskit.db` }), "STORAGE_ERROR")
  })

  it("reopens a current store without touching its data", async () => {
    const path = await storeWithData()
    const store = await openSqliteStore({ path })
    expect((await store.getGroup("alice.g"))?.state).toStrictEqual(new Uint8Array(20_000))
    await store.close()
  })
})
