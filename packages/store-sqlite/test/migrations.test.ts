/** Migrations run forward, once, inside one transaction: a failing one leaves the file as it was. */
import { expectMlskitError, identityFixture } from "@mlskit/core/testing"
import { applicationMessage, testGroupId } from "@mlskit/delivery/testing"
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from "../src/migrations.js"
import { openDatabase } from "../src/open-database.js"
import { freshDatabasePath } from "./temp-dir.js"

const options = { busyTimeoutMs: 1000, checkIntegrity: true }

function tableNames(path: string): string[] {
  const raw = new Database(path, { readonly: true })
  const names = raw
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
    )
    .all()
    .map((r) => r.name)
  raw.close()
  return names
}

describe("schema migrations", () => {
  it("numbers migrations 1..n, so the schema version is the last one's", () => {
    expect(MIGRATIONS.map((m) => m.version)).toStrictEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    )
  })

  it("stamps a new file with the mlskit application id and the schema version", async () => {
    const path = freshDatabasePath()
    await (await openSqliteStore({ path })).close()
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma("application_id", { simple: true })).toBe(APPLICATION_ID)
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION)
    raw.close()
    expect(tableNames(path)).toStrictEqual([
      "group_states",
      "identities",
      "inbox_entries",
      "inbox_heads",
      "key_packages",
      "log_entries",
      "log_fence",
      "log_heads",
      "rosters",
      "welcomes",
    ])
  })

  it("applies only the pending migrations to an older file and keeps its data", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    await store.createIdentity(identityFixture("alice"))
    await store.close()
    const next = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, name: "t", sql: "CREATE TABLE t (x INTEGER)" },
    ]
    openDatabase(path, { ...options, migrations: next }).close()
    expect(tableNames(path)).toContain("t")
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION + 1)
    expect(raw.prepare("SELECT id FROM identities").all()).toStrictEqual([{ id: "alice" }])
    raw.close()
  })

  it("upgrades a version 1 file to the group log tables and keeps its data", async () => {
    const path = freshDatabasePath()
    const v1 = openDatabase(path, { ...options, migrations: MIGRATIONS.slice(0, 1) })
    v1.prepare("INSERT INTO identities VALUES ('alice', 'alice', 'x', x'00', x'00', '{}', 0)").run()
    v1.close()
    expect(tableNames(path)).not.toContain("log_entries")
    const store = await openSqliteStore({ path })
    expect(store.diagnostics().schemaVersion).toBe(SCHEMA_VERSION)
    expect((await store.getIdentity("alice"))?.name).toBe("alice")
    const g = testGroupId(1)
    expect((await store.groupLog().append(g, applicationMessage(g, 0))).seq).toBe(1)
    await store.close()
  })

  it("upgrades a version 2 file to the delivery tables: its key packages unclaimed, its groups found", async () => {
    const path = freshDatabasePath()
    const v2 = openDatabase(path, { ...options, migrations: MIGRATIONS.slice(0, 2) })
    v2.prepare("INSERT INTO identities VALUES ('alice', 'alice', 'x', x'00', x'00', '{}', 0)").run()
    v2.prepare("INSERT INTO key_packages VALUES ('0a', 'alice', x'01', x'02', 0, 5)").run()
    v2.prepare(
      "INSERT INTO group_states VALUES ('alice.AQI', 'alice', x'0102', 1, 0, x'03', '{}', 0)",
    ).run()
    v2.close()
    expect(tableNames(path)).not.toContain("inbox_entries")
    const store = await openSqliteStore({ path })
    expect(store.diagnostics().schemaVersion).toBe(SCHEMA_VERSION)
    const delivery = store.deliveryStore()
    expect(await delivery.keyPackageStock("alice")).toEqual({ unclaimed: 1, lastResort: false })
    expect(await delivery.listHostedMembers(new Uint8Array([1, 2]))).toEqual([
      { groupId: "alice.AQI", identityId: "alice" },
    ])
    expect((await delivery.claimKeyPackage("alice", 1))?.ref).toBe("0a")
    expect((await store.consumeKeyPackage("0a"))?.ref).toBe("0a")
    await store.close()
  })

  it("upgrades a version 3 file to the Welcome and roster tables and keeps its inbox", async () => {
    const path = freshDatabasePath()
    const v3 = openDatabase(path, { ...options, migrations: MIGRATIONS.slice(0, 3) })
    v3.prepare("INSERT INTO identities VALUES ('alice', 'alice', 'x', x'00', x'00', '{}', 0)").run()
    v3.prepare("INSERT INTO inbox_heads VALUES ('alice', 1)").run()
    v3.prepare(
      "INSERT INTO inbox_entries VALUES ('alice', 1, 'alice.AQI', 1, 0, 'message', 0, 5, x'07')",
    ).run()
    v3.close()
    expect(tableNames(path)).not.toContain("welcomes")
    expect(tableNames(path)).not.toContain("rosters")
    const store = await openSqliteStore({ path })
    expect(store.diagnostics().schemaVersion).toBe(4)
    const delivery = store.deliveryStore()
    expect((await delivery.readInbox("alice")).map((e) => e.cursor)).toEqual([1])
    const welcome = {
      id: "w1",
      identityId: "alice",
      mlsGroupId: new Uint8Array([1, 2]),
      welcome: new Uint8Array([3]),
      createdAt: 9,
    }
    expect(await delivery.putWelcome(welcome)).toEqual({ duplicate: false })
    expect(await delivery.listWelcomes("alice")).toStrictEqual([welcome])
    const roster = await delivery.createRoster(new Uint8Array([1, 2]), new Uint8Array([4]), 9)
    expect(
      (await delivery.updateRoster(roster.mlsGroupId, 1, new Uint8Array([5]), 10)).version,
    ).toBe(2)
    await store.close()
  })

  it("rolls back every statement of a failing migration and leaves the version unchanged", async () => {
    const path = freshDatabasePath()
    await (await openSqliteStore({ path })).close()
    const tablesBefore = tableNames(path)
    const broken = {
      version: SCHEMA_VERSION + 1,
      name: "broken",
      sql: "CREATE TABLE half_done (x INTEGER); ALTER TABLE identities ADD COLUMN name TEXT",
    }
    expect(() => openDatabase(path, { ...options, migrations: [...MIGRATIONS, broken] })).toThrow(
      /sqlite: open .* failed/,
    )
    expect(tableNames(path)).toStrictEqual(tablesBefore)
    const store = await openSqliteStore({ path })
    expect(store.diagnostics().schemaVersion).toBe(SCHEMA_VERSION)
    await store.close()
  })

  it("reports a failing migration as a non-retryable StorageError", async () => {
    const path = freshDatabasePath()
    const broken = { version: 1, name: "broken", sql: "CREATE TABLE" }
    const opening = async () => openDatabase(path, { ...options, migrations: [broken] })
    const error = await expectMlskitError(opening(), "STORAGE_ERROR")
    expect(error.retryable).toBe(false)
  })
})
