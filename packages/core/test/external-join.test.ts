/**
 * Joining by external commit: a GroupInfo exported by a member lets a new
 * identity (or a member's lost device, with resync) in without a Welcome.
 */
import { describe, expect, it } from "vitest"
import { InMemoryStore, StorageError } from "../src/index.js"
import { makeClient, storeSnapshot, str, text } from "./helpers.js"

async function aliceAndBob() {
  const store = new InMemoryStore()
  const client = makeClient({ store })
  const alice = await client.createIdentity("alice")
  const bob = await client.createIdentity("bob")
  const aliceGroup = await client.createGroup(alice.id, "team")
  const [bobKp] = await client.generateKeyPackages(bob.id, 1)
  const added = await client.addMembers(aliceGroup, [bobKp!])
  const bobGroup = await client.joinGroup(bob.id, added.welcome)
  return { store, client, alice, bob, aliceGroup, bobGroup }
}

describe("joinByExternalCommit", () => {
  it("lets a new identity in from an exported GroupInfo; all three then exchange messages", async () => {
    const { client, aliceGroup, bobGroup } = await aliceAndBob()
    const carol = await client.createIdentity("carol")
    const info = await client.groupInfo(aliceGroup)
    const joined = await client.joinByExternalCommit(carol.id, info)
    expect(joined.epoch).toBe(2)
    for (const g of [aliceGroup, bobGroup]) {
      const r = await client.processMessage(g, joined.commit)
      expect(r.kind).toBe("commit")
    }
    const groups = { alice: aliceGroup, bob: bobGroup, carol: joined.groupId }
    for (const g of Object.values(groups)) expect((await client.group(g)).epoch).toBe(2)
    for (const [from, fromGroup] of Object.entries(groups)) {
      const ct = await client.sendMessage(fromGroup, text(`hi from ${from}`))
      for (const [to, toGroup] of Object.entries(groups)) {
        if (to === from) continue
        const r = await client.processMessage(toGroup, ct)
        if (r.kind !== "application") throw new Error(`expected application, got ${r.kind}`)
        expect(str(r.plaintext)).toBe(`hi from ${from}`)
      }
    }
    expect((await client.members(joined.groupId)).map((m) => m.identity)).toEqual([
      "alice",
      "bob",
      "carol",
    ])
  })

  it("stores the joined state before returning the commit", async () => {
    const { store, client, aliceGroup } = await aliceAndBob()
    const carol = await client.createIdentity("carol")
    const joined = await client.joinByExternalCommit(carol.id, await client.groupInfo(aliceGroup))
    const record = await store.getGroup(joined.groupId)
    expect(record?.epoch).toBe(2)
    client.evict()
    expect((await client.group(joined.groupId)).epoch).toBe(2)
  })

  it("returns no commit when the joined state cannot be stored", async () => {
    const { store, client, aliceGroup } = await aliceAndBob()
    const carol = await client.createIdentity("carol")
    const info = await client.groupInfo(aliceGroup)
    store.createGroup = async () => {
      throw new StorageError("disk full", { retryable: true })
    }
    await expect(client.joinByExternalCommit(carol.id, info)).rejects.toMatchObject({
      code: "STORAGE_ERROR",
    })
    expect(await store.listGroups(carol.id)).toEqual([])
  })

  it("rejects malformed, truncated and foreign bytes with typed errors and stores nothing", async () => {
    const { store, client, aliceGroup, bobGroup } = await aliceAndBob()
    const carol = await client.createIdentity("carol")
    const info = await client.groupInfo(aliceGroup)
    const message = await client.sendMessage(bobGroup, text("not a group info"))
    await client.processMessage(aliceGroup, message)
    const before = await storeSnapshot(store)
    const tampered = info.slice()
    tampered[tampered.length - 5]! ^= 0xff
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([1, 2, 3]), "INVALID_MESSAGE"],
      [info.subarray(0, info.length - 10), "INVALID_MESSAGE"],
      [message, "INVALID_MESSAGE"],
      [new Uint8Array(), "INVALID_MESSAGE"],
    ]
    for (const [bytes, code] of cases)
      await expect(client.joinByExternalCommit(carol.id, bytes)).rejects.toMatchObject({ code })
    await expect(client.joinByExternalCommit(carol.id, tampered)).rejects.toMatchObject({
      code: "CRYPTO_ERROR",
      retryable: false,
    })
    await expect(
      client.joinByExternalCommit(carol.id, "x" as unknown as Uint8Array),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
    expect(await storeSnapshot(store)).toBe(before)
  })

  it("refuses a group the identity is already in with Conflict", async () => {
    const { store, client, bob, aliceGroup } = await aliceAndBob()
    const before = await storeSnapshot(store)
    await expect(
      client.joinByExternalCommit(bob.id, await client.groupInfo(aliceGroup)),
    ).rejects.toMatchObject({ code: "CONFLICT" })
    expect(await storeSnapshot(store)).toBe(before)
  })

  it("lets a member removed earlier rejoin, replacing its dead state", async () => {
    const { client, bob, aliceGroup, bobGroup } = await aliceAndBob()
    const commit = await client.removeMembers(aliceGroup, [1])
    expect((await client.processMessage(bobGroup, commit)).kind).toBe("removed")
    const joined = await client.joinByExternalCommit(bob.id, await client.groupInfo(aliceGroup))
    expect(joined.groupId).toBe(bobGroup)
    expect((await client.processMessage(aliceGroup, joined.commit)).kind).toBe("commit")
    expect((await client.group(bobGroup)).status).toBe("active")
    const ct = await client.sendMessage(aliceGroup, text("welcome back"))
    const got = await client.processMessage(bobGroup, ct)
    if (got.kind !== "application") throw new Error("expected application")
    expect(str(got.plaintext)).toBe("welcome back")
  })

  it("with resync replaces the member's own leaf, and the others accept it", async () => {
    const { client, bob, aliceGroup } = await aliceAndBob()
    const joined = await client.joinByExternalCommit(bob.id, await client.groupInfo(aliceGroup), {
      resync: true,
    })
    const r = await client.processMessage(aliceGroup, joined.commit)
    expect(r.kind).toBe("commit")
    expect((await client.members(aliceGroup)).map((m) => m.identity)).toEqual(["alice", "bob"])
    const ct = await client.sendMessage(joined.groupId, text("back"))
    const got = await client.processMessage(aliceGroup, ct)
    if (got.kind !== "application") throw new Error("expected application")
    expect(str(got.plaintext)).toBe("back")
  })
})
