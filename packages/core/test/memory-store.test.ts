/** InMemoryStore meets the MlsStore contract, and its copies behave as copies. */
import { describe, expect, it } from "vitest"
import { InMemoryStore } from "../src/memory-store.js"
import { runMlsStoreContract } from "../src/testing/contract.js"
import { fixtureBytes, groupFixture, identityFixture } from "../src/testing/fixtures.js"

runMlsStoreContract("InMemoryStore", async () => ({ store: new InMemoryStore() }))

describe("InMemoryStore copies", () => {
  async function storeWithGroup() {
    const store = new InMemoryStore()
    await store.createIdentity(identityFixture("alice"))
    await store.createGroup(groupFixture("alice", "alice.g"))
    return store
  }

  it("a listing holds each state as it was listed, even when read after an update", async () => {
    const store = await storeWithGroup()
    const [listed] = await store.listGroups()
    await store.updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(9, 64) })
    expect(listed?.state).toStrictEqual(groupFixture("alice", "alice.g").state)
    expect({ ...listed }.state).toStrictEqual(groupFixture("alice", "alice.g").state)
    expect((await store.getGroup("alice.g"))?.state).toStrictEqual(fixtureBytes(9, 64))
  })

  it("a listed state is one copy: the same array on every read, its writes its own", async () => {
    const store = await storeWithGroup()
    const [listed] = await store.listGroups()
    if (!listed) throw new Error("nothing listed")
    expect(listed.state).toBe(listed.state)
    listed.state[0] = (listed.state[0] ?? 0) ^ 0xff
    expect(listed.state).not.toStrictEqual(groupFixture("alice", "alice.g").state)
    listed.state = fixtureBytes(3, 8)
    expect(listed.state).toStrictEqual(fixtureBytes(3, 8))
    expect((await store.getGroup("alice.g"))?.state).toStrictEqual(
      groupFixture("alice", "alice.g").state,
    )
  })

  it("an update's record holds the state written, in bytes of its own", async () => {
    const store = await storeWithGroup()
    const state = fixtureBytes(5, 64)
    const updated = await store.updateGroup("alice.g", 1, { epoch: 1, state })
    await store.updateGroup("alice.g", 2, { epoch: 2, state: fixtureBytes(6, 64) })
    expect(updated.state).not.toBe(state)
    state.fill(0)
    expect(updated.state).toStrictEqual(fixtureBytes(5, 64))
    updated.state.fill(1)
    const [listed] = await store.listGroups()
    expect(listed?.state).toStrictEqual(fixtureBytes(6, 64))
  })

  it("a record read or created before a delete still holds its state", async () => {
    const store = new InMemoryStore()
    await store.createIdentity(identityFixture("alice"))
    const created = await store.createGroup(groupFixture("alice", "alice.g"))
    const read = await store.getGroup("alice.g")
    await store.deleteGroup("alice.g")
    expect(created.state).toStrictEqual(groupFixture("alice", "alice.g").state)
    expect(read?.state).toStrictEqual(groupFixture("alice", "alice.g").state)
  })
})
