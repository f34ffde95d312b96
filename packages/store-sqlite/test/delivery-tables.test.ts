/**
 * What SqliteDeliveryStore leaves in the store file: a claim stamps
 * `claimed_at` (never on the last-resort package), deleting an identity
 * drops its inbox entries but keeps its head row (cursors are not reused)
 * and drops its Welcomes, the store's other operations keep working on the
 * claimed rows, and a roster's version is read from the file by every
 * connection (a stale update from another one is refused).
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
    welcomes: all("SELECT identity_id, id FROM welcomes ORDER BY identity_id, id"),
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

const welcome = (identityId: string, id: string) => ({
  id,
  identityId,
  mlsGroupId: new Uint8Array([1]),
  welcome: new Uint8Array([2]),
  createdAt: 1000,
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

  it("drops an identity's Welcomes with the identity, and only its own", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    const delivery = store.deliveryStore()
    await store.createIdentity(identityFixture("alice"))
    await store.createIdentity(identityFixture("bob"))
    for (const [identityId, id] of [
      ["alice", "w1"],
      ["alice", "w2"],
      ["bob", "w1"],
    ] as const) {
      await delivery.putWelcome(welcome(identityId, id))
    }
    await store.deleteIdentity("alice")
    expect(rows(path).welcomes).toEqual([{ identity_id: "bob", id: "w1" }])
    expect(await delivery.listWelcomes("alice")).toEqual([])
    await store.close()
  })

  it("refuses a roster update at a version another connection moved past", async () => {
    const path = freshDatabasePath()
    const one = await openSqliteStore({ path })
    const two = await openSqliteStore({ path })
    const group = new Uint8Array([1, 2, 3])
    await one.deliveryStore().createRoster(group, new Uint8Array([1]), 1)
    await expect(
      two.deliveryStore().createRoster(group, new Uint8Array([9]), 9),
    ).rejects.toMatchObject({ code: "CONFLICT", retryable: false })
    await two.deliveryStore().updateRoster(group, 1, new Uint8Array([2]), 2)
    await expect(
      one.deliveryStore().updateRoster(group, 1, new Uint8Array([3]), 3),
    ).rejects.toMatchObject({ code: "CONFLICT", retryable: true })
    expect(await one.deliveryStore().getRoster(group)).toStrictEqual({
      mlsGroupId: group,
      version: 2,
      state: new Uint8Array([2]),
      updatedAt: 2,
    })
    await one.close()
    await two.close()
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
