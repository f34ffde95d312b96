/**
 * Inbox records staged for a group are written in the transaction of that
 * group's next successful state write, and only then: a write that loses
 * its compare-and-swap leaves neither state nor inbox rows, and unstaged
 * records never reach the file.
 */
import { groupFixture, identityFixture } from "@mlskit/core/testing"
import { describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

const GROUP = "alice.AQ"
const entry = (seq: number, part = 0) => ({
  identityId: "alice",
  groupId: GROUP,
  seq,
  part,
  type: "message",
  epoch: 0,
  time: 1000 + seq,
  payload: new Uint8Array([seq, part]),
})

async function setup() {
  const store = await openSqliteStore({ path: freshDatabasePath() })
  const delivery = store.deliveryStore()
  await store.createIdentity(identityFixture("alice"))
  const group = await store.createGroup(groupFixture("alice", GROUP))
  return { store, delivery, group }
}

const update = { epoch: 1, state: new Uint8Array([1, 2, 3]) }

describe("inbox records staged for a state write (SQLite)", () => {
  it("writes them with the group's next successful update, once", async () => {
    const { store, delivery, group } = await setup()
    delivery.stageInbox(GROUP, [entry(1), entry(1, 1)])
    expect(await delivery.readInbox("alice")).toEqual([])
    await store.updateGroup(GROUP, group.version, update)
    expect((await delivery.readInbox("alice")).map((r) => [r.cursor, r.seq, r.part])).toEqual([
      [1, 1, 0],
      [2, 1, 1],
    ])
    // Taken by that write: the next one writes nothing more.
    await store.updateGroup(GROUP, group.version + 1, update)
    expect(await delivery.inboxDepth("alice")).toBe(2)
    // Staged again (a repeated apply): the stored key wins, no duplicate.
    delivery.stageInbox(GROUP, [entry(1)])
    await store.updateGroup(GROUP, group.version + 2, update)
    expect(await delivery.inboxDepth("alice")).toBe(2)
    await store.close()
  })

  it("writes nothing when the compare-and-swap loses, and forgets the records", async () => {
    const { store, delivery, group } = await setup()
    delivery.stageInbox(GROUP, [entry(5)])
    await expect(store.updateGroup(GROUP, group.version + 7, update)).rejects.toMatchObject({
      code: "CONFLICT",
    })
    expect(await delivery.inboxDepth("alice")).toBe(0)
    expect((await store.getGroup(GROUP))?.version).toBe(group.version)
    await store.updateGroup(GROUP, group.version, update)
    expect(await delivery.inboxDepth("alice")).toBe(0)
    await store.close()
  })

  it("drops unstaged records and refuses records of another group", async () => {
    const { store, delivery, group } = await setup()
    delivery.stageInbox(GROUP, [entry(9)])
    delivery.unstageInbox(GROUP)
    await store.updateGroup(GROUP, group.version, update)
    expect(await delivery.inboxDepth("alice")).toBe(0)
    expect(() => delivery.stageInbox("alice.Ag", [entry(1)])).toThrow(/another group/)
    expect(() => delivery.stageInbox(GROUP, [{ ...entry(1), seq: -1 }])).toThrow()
    await store.close()
  })
})
