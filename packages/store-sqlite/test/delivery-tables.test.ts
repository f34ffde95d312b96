/**
 * What SqliteDeliveryStore leaves in the store file: a claim stamps
 * `claimed_at` (never on the last-resort package), deleting an identity
 * drops its inbox entries but keeps its head row (cursors are not reused),
 * and the store's other operations keep working on the claimed rows.
 */
import { groupFixture, identityFixture, keyPackageFixture } from "@mlskit/core/testing"
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

/** The rows of the delivery tables and the claim column, read on a connection of its own. */
function rows(path: string) {
  const raw = new Database(path, { readonly: true })
  const all = (sql: string) => raw.prepare<[], Record<string, unknown>>(sql).all()
  const out = {
    heads: all("SELECT * FROM inbox_heads ORDER BY identity_id"),
    entries: all("SELECT identity_id, cursor FROM inbox_entries ORDER BY identity_id, cursor"),
    claims: all("SELECT ref, claimed_at FROM key_packages ORDER BY ref"),
  }
  raw.close()
  return out
}

const entry = (identityId: string, seq: number) => ({
  identityId,
  groupId: `${identityId}.AQ`,
  seq,
  part: 0,
  type: "message",
  epoch: 0,
  time: 1000 + seq,
  payload: new Uint8Array([seq]),
})

describe("SqliteDeliveryStore tables", () => {
  it("stamps claimed_at on a claim, never on the last-resort package", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    const delivery = store.deliveryStore()
    await store.createIdentity(identityFixture("alice"))
    await store.addKeyPackages([
      keyPackageFixture("alice", "01", { createdAt: 2 }),
      keyPackageFixture("alice", "02", { createdAt: 1 }),
      keyPackageFixture("alice", "03", { lastResort: true }),
    ])
    await delivery.claimKeyPackage("alice", 777)
    await delivery.claimKeyPackage("alice", 888)
    await delivery.claimKeyPackage("alice", 999)
    expect(rows(path).claims).toEqual([
      { ref: "01", claimed_at: 888 },
      { ref: "02", claimed_at: 777 },
      { ref: "03", claimed_at: null },
    ])
    expect((await store.listKeyPackages("alice")).map((p) => p.ref)).toEqual(["01", "02", "03"])
    await store.close()
  })

  it("drops an identity's inbox entries with the identity and keeps its head row", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    const delivery = store.deliveryStore()
    await store.createIdentity(identityFixture("alice"))
    await store.createIdentity(identityFixture("bob"))
    await store.createGroup(groupFixture("alice", "alice.AQ"))
    for (const seq of [1, 2]) await delivery.appendInbox(entry("alice", seq))
    await delivery.appendInbox(entry("bob", 1))
    await store.deleteIdentity("alice")
    expect(rows(path).entries).toEqual([{ identity_id: "bob", cursor: 1 }])
    expect(rows(path).heads).toEqual([
      { identity_id: "alice", last_cursor: 2 },
      { identity_id: "bob", last_cursor: 1 },
    ])
    expect(await delivery.inboxHead("alice")).toBe(2)
    await store.close()
  })

  it("fails with a non-retryable StorageError once the store is closed", async () => {
    const store = await openSqliteStore({ path: freshDatabasePath() })
    const delivery = store.deliveryStore()
    await store.close()
    await expect(delivery.inboxHead("alice")).rejects.toMatchObject({
      code: "STORAGE_ERROR",
      retryable: false,
    })
  })
})
