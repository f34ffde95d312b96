/**
 * Stored records that do not open under the configured state key are a
 * fault of the server (StateUnreadableError), and `checkStateKey` finds a
 * wrong key before anything is served.
 */
import { randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import { checkStateKey, InMemoryStore, type MlsStore, StateUnreadableError } from "../src/index.js"
import { makeClient, STATE_KEY, text } from "./helpers.js"

const flipLastByte = (bytes: Uint8Array): Uint8Array => {
  const copy = new Uint8Array(bytes)
  copy[copy.length - 1]! ^= 1
  return copy
}

/** Replace an identity's sealed signature key by a damaged copy (and drop what depended on it). */
async function damageIdentity(store: MlsStore, id: string): Promise<void> {
  const record = await store.getIdentity(id)
  if (!record) throw new Error("no such identity")
  await store.deleteIdentity(id)
  await store.createIdentity({
    ...record,
    sealedSignatureKey: flipLastByte(record.sealedSignatureKey),
  })
}

describe("unreadable stored state", () => {
  it("answers an operation on a damaged group record with a non-retryable STATE_UNREADABLE and changes nothing", async () => {
    const store = new InMemoryStore()
    const client = makeClient({ store })
    const alice = await client.createIdentity("alice")
    const groupId = await client.createGroup(alice.id, "g")
    const record = await store.getGroup(groupId)
    if (!record) throw new Error("group not stored")
    const damaged = await store.updateGroup(groupId, record.version, {
      epoch: record.epoch,
      state: flipLastByte(record.state),
    })
    client.evict()
    for (const call of [
      () => client.sendMessage(groupId, text("hi")),
      () => client.group(groupId),
      () => client.peekGroup(groupId),
    ]) {
      const error = await call().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StateUnreadableError)
      expect(error).toMatchObject({
        code: "STATE_UNREADABLE",
        retryable: false,
        record: "group_state",
        recordId: groupId,
        fault: "damaged",
        message: "stored group state does not open: it is damaged or was altered",
      })
    }
    expect(await store.getGroup(groupId)).toEqual(damaged)
  })

  it("answers a join whose key package was sealed with another key with STATE_UNREADABLE", async () => {
    const store = new InMemoryStore()
    const client = makeClient({ store })
    const alice = await client.createIdentity("alice")
    const bob = await client.createIdentity("bob")
    const groupId = await client.createGroup(alice.id, "g")
    const { welcome } = await client.addMembers(groupId, await client.generateKeyPackages(bob.id))
    const otherKey = makeClient({ store, stateKey: randomBytes(32) })
    await expect(otherKey.joinGroup(bob.id, welcome)).rejects.toMatchObject({
      code: "STATE_UNREADABLE",
      record: "key_package",
      fault: "another_key",
    })
    expect(await client.joinGroup(bob.id, welcome)).toContain(bob.id)
  })
})

describe("checkStateKey", () => {
  it("reports an empty store as empty and a store written with the key as verified", async () => {
    const store = new InMemoryStore()
    expect(await checkStateKey(store, randomBytes(32))).toBe("empty")
    await makeClient({ store }).createIdentity("alice")
    expect(await checkStateKey(store, STATE_KEY)).toBe("verified")
  })

  it("refuses a key other than the one the stored data was written with", async () => {
    const store = new InMemoryStore()
    await makeClient({ store }).createIdentity("alice")
    await expect(checkStateKey(store, randomBytes(32))).rejects.toMatchObject({
      code: "STATE_UNREADABLE",
      record: "signature_key",
      fault: "another_key",
    })
  })

  it("verifies the key with the next identity when one record is damaged, and refuses when none opens", async () => {
    const store = new InMemoryStore()
    const client = makeClient({ store })
    const [first, second] = (
      await Promise.all([client.createIdentity("a"), client.createIdentity("b")])
    ).sort((x, y) => (x.id < y.id ? -1 : 1))
    if (!first || !second) throw new Error("identities not created")
    await damageIdentity(store, first.id)
    expect(await checkStateKey(store, STATE_KEY)).toBe("verified")
    await damageIdentity(store, second.id)
    await expect(checkStateKey(store, STATE_KEY)).rejects.toMatchObject({
      code: "STATE_UNREADABLE",
      fault: "damaged",
    })
  })
})
