/**
 * What PostgresDeliveryStore leaves in its tables: a claim stamps
 * `claimed_at` (never on the last-resort package), deleting an identity
 * drops its inbox entries but keeps its head row (cursors are not reused)
 * and drops its Welcomes, and a closed store refuses calls.
 */
import { identityFixture, keyPackageFixture } from "@mlskit/core/testing"
import { afterEach, expect, it } from "vitest"
import { openPostgresStore, type PostgresStore } from "../src/index.js"
import { tableNames } from "../src/sql-names.js"
import { admin, describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

const stores: PostgresStore[] = []

async function open(): Promise<PostgresStore> {
  const store = await openPostgresStore({ connection: PG_URL, schema: randomSchema() })
  stores.push(store)
  return store
}

afterEach(async () => {
  for (const store of stores.splice(0)) {
    await store.close()
    await dropSchema(store.schema)
  }
})

/** The rows of the delivery tables and the claim column. */
async function rows(schema: string) {
  const t = tableNames(schema)
  const all = async (sql: string) => (await admin().query(sql)).rows
  return {
    heads: await all(`SELECT * FROM ${t.inboxHeads} ORDER BY identity_id`),
    entries: await all(
      `SELECT identity_id, cursor::integer FROM ${t.inboxEntries} ORDER BY identity_id, cursor`,
    ),
    claims: await all(`SELECT ref, claimed_at::integer FROM ${t.keyPackages} ORDER BY ref`),
  }
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

describeWithPostgres("PostgresDeliveryStore tables", () => {
  it("stamps claimed_at on a claim, never on the last-resort package", async () => {
    const store = await open()
    const delivery = store.deliveryStore()
    await store.createIdentity(identityFixture("alice"))
    await store.addKeyPackages([
      keyPackageFixture("alice", "01", { createdAt: 2 }),
      keyPackageFixture("alice", "02", { createdAt: 1 }),
      keyPackageFixture("alice", "03", { lastResort: true }),
    ])
    for (const now of [777, 888, 999]) await delivery.claimKeyPackage("alice", now)
    expect((await rows(store.schema)).claims).toEqual([
      { ref: "01", claimed_at: 888 },
      { ref: "02", claimed_at: 777 },
      { ref: "03", claimed_at: null },
    ])
    expect((await store.listKeyPackages("alice")).map((p) => p.ref)).toEqual(["01", "02", "03"])
  })

  it("drops an identity's inbox entries with the identity and keeps its head row", async () => {
    const store = await open()
    const delivery = store.deliveryStore()
    await store.createIdentity(identityFixture("alice"))
    await store.createIdentity(identityFixture("bob"))
    for (const seq of [1, 2]) await delivery.appendInbox(entry("alice", seq))
    await delivery.appendInbox(entry("bob", 1))
    await store.deleteIdentity("alice")
    const after = await rows(store.schema)
    expect(after.entries).toEqual([{ identity_id: "bob", cursor: 1 }])
    expect(after.heads).toEqual([
      { identity_id: "alice", last_cursor: "2" },
      { identity_id: "bob", last_cursor: "1" },
    ])
    expect(await delivery.inboxHead("alice")).toBe(2)
  })

  it("drops an identity's Welcomes with the identity, and only its own", async () => {
    const store = await open()
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
    const { rows: left } = await admin().query(
      `SELECT identity_id, id FROM ${tableNames(store.schema).welcomes} ORDER BY identity_id, id`,
    )
    expect(left).toEqual([{ identity_id: "bob", id: "w1" }])
    expect(await delivery.listWelcomes("alice")).toEqual([])
  })

  it("fails with a non-retryable StorageError once the store is closed", async () => {
    const store = await open()
    const delivery = store.deliveryStore()
    await store.close()
    await expect(delivery.inboxHead("alice")).rejects.toMatchObject({
      code: "STORAGE_ERROR",
      retryable: false,
    })
  })
})
