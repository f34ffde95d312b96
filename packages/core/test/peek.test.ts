import { describe, expect, it } from "vitest"
import { InMemoryStore } from "../src/index.js"
import { makeClient, text } from "./helpers.js"

async function twoMembers() {
  const store = new InMemoryStore()
  const client = makeClient({ store })
  const alice = await client.createIdentity("alice")
  const bob = await client.createIdentity("bob")
  const groupId = await client.createGroup(alice.id, "g")
  const { welcome } = await client.addMembers(groupId, await client.generateKeyPackages(bob.id, 1))
  const bobGroup = await client.joinGroup(bob.id, welcome)
  return { client, store, groupId, bobGroup, bob }
}

describe("peekGroup and peekEpoch", () => {
  it("report the latest persisted epoch from the cache", async () => {
    const { client, groupId, bobGroup } = await twoMembers()
    expect(await client.peekEpoch(groupId)).toBe(1)
    const commit = await client.selfUpdate(groupId)
    expect(await client.peekEpoch(groupId)).toBe(2)
    expect(await client.peekEpoch(bobGroup)).toBe(1)
    await client.processMessage(bobGroup, commit)
    const details = await client.peekGroup(bobGroup)
    expect(details.epoch).toBe(2)
    expect(details.members).toHaveLength(2)
    expect(details).toEqual(await client.group(bobGroup))
  })

  it("read an evicted group from the store without caching it again", async () => {
    const { client, groupId } = await twoMembers()
    await client.sendMessage(groupId, text("hi"))
    client.evict(groupId)
    const cached = client.cachedGroups
    expect(await client.peekEpoch(groupId)).toBe(1)
    expect((await client.peekGroup(groupId)).epoch).toBe(1)
    expect(client.cachedGroups).toBe(cached)
  })

  it("give typed errors for a malformed or unknown group id and change nothing", async () => {
    const { client, store, bob } = await twoMembers()
    const before = JSON.stringify(await store.listGroups())
    const unknown = `${bob.id}.AAAA`
    for (const peek of [
      (id: string) => client.peekEpoch(id),
      (id: string) => client.peekGroup(id),
    ]) {
      await expect(peek(unknown)).rejects.toMatchObject({ code: "GROUP_NOT_FOUND" })
      await expect(peek("no-dot-here")).rejects.toMatchObject({ code: "INVALID_INPUT" })
      await expect(peek("x".repeat(10_000))).rejects.toMatchObject({ code: "INVALID_INPUT" })
      await expect(peek(undefined as unknown as string)).rejects.toMatchObject({
        code: "INVALID_INPUT",
      })
    }
    expect(JSON.stringify(await store.listGroups())).toBe(before)
  })
})
