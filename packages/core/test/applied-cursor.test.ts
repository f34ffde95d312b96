/**
 * The applied cursor: the group-log seq of the last entry that took effect,
 * written in the same compare-and-swap as the state it produced. A repeated
 * entry is refused without any change, which makes at-least-once delivery
 * apply exactly once.
 */
import { describe, expect, it } from "vitest"
import {
  AlreadyAppliedError,
  InMemoryStore,
  InvalidInputError,
  type MlsStore,
} from "../src/index.js"
import { makeClient, storeSnapshot, str, text } from "./helpers.js"

/** alice and bob in a group at epoch 1; bob's group on `bobStore`. */
async function pair() {
  const alice = makeClient()
  const bobStore = new InMemoryStore()
  const bob = makeClient({ store: bobStore })
  const a = await alice.createIdentity("alice")
  const b = await bob.createIdentity("bob")
  const ga = await alice.createGroup(a.id, "cursor")
  const { welcome } = await alice.addMembers(ga, await bob.generateKeyPackages(b.id, 1))
  const gb = await bob.joinGroup(b.id, welcome)
  return { alice, bob, bobStore, ga, gb }
}

async function stored(store: MlsStore, id: string) {
  const record = await store.getGroup(id)
  if (!record) throw new Error("group not stored")
  return record
}

describe("the applied cursor", () => {
  it("moves in the same write as the state a processed entry produced", async () => {
    const { alice, bob, bobStore, ga, gb } = await pair()
    expect((await bob.group(gb)).appliedSeq).toBeUndefined()
    const before = await stored(bobStore, gb)
    const r = await bob.processMessage(gb, await alice.sendMessage(ga, text("one")), {
      appliedSeq: 5,
    })
    expect(r.kind === "application" && str(r.plaintext)).toBe("one")
    const after = await stored(bobStore, gb)
    expect(after.version).toBe(before.version + 1)
    expect(after.metadata.appliedSeq).toBe("5")
    expect((await bob.group(gb)).appliedSeq).toBe(5)
    expect((await bob.listGroups()).find((g) => g.id === gb)?.appliedSeq).toBe(5)

    const commit = await alice.selfUpdate(ga)
    expect(await bob.processMessage(gb, commit, { appliedSeq: 6 })).toMatchObject({
      kind: "commit",
      epoch: 2,
    })
    const afterCommit = await stored(bobStore, gb)
    expect(afterCommit.version).toBe(after.version + 1)
    expect(afterCommit.epoch).toBe(2)
    expect(afterCommit.metadata.appliedSeq).toBe("6")
  })

  it("refuses an entry at or below it without changing anything", async () => {
    const { alice, bob, bobStore, ga, gb } = await pair()
    const message = await alice.sendMessage(ga, text("once"))
    await bob.processMessage(gb, message, { appliedSeq: 3 })
    const snapshot = await storeSnapshot(bobStore)
    const later = await alice.sendMessage(ga, text("later"))
    for (const seq of [3, 2, 0]) {
      const error = await bob.processMessage(gb, later, { appliedSeq: seq }).catch((e) => e)
      expect(error).toBeInstanceOf(AlreadyAppliedError)
      expect(error).toMatchObject({ code: "CONFLICT", retryable: false, appliedSeq: 3 })
      expect(error.message).toContain("already applied")
    }
    // Even bytes that are not a message: the cursor answers first.
    await expect(
      bob.processMessage(gb, new Uint8Array([1, 2, 3]), { appliedSeq: 3 }),
    ).rejects.toBeInstanceOf(AlreadyAppliedError)
    expect(await storeSnapshot(bobStore)).toBe(snapshot)
    // The next seq is applied.
    expect(await bob.processMessage(gb, later, { appliedSeq: 4 })).toMatchObject({
      kind: "application",
    })
  })

  it("stays put when the entry is rejected", async () => {
    const { bob, bobStore, gb } = await pair()
    await bob.markApplied(gb, 1)
    await expect(
      bob.processMessage(gb, new Uint8Array([1, 2, 3]), { appliedSeq: 2 }),
    ).rejects.toMatchObject({ code: "INVALID_MESSAGE" })
    expect((await stored(bobStore, gb)).metadata.appliedSeq).toBe("1")
  })

  it("markApplied moves it forward only, writing nothing otherwise", async () => {
    const { bob, bobStore, gb } = await pair()
    expect(await bob.markApplied(gb, 7)).toBe(7)
    const version = (await stored(bobStore, gb)).version
    expect(await bob.markApplied(gb, 3)).toBe(7)
    expect(await bob.markApplied(gb, 7)).toBe(7)
    expect((await stored(bobStore, gb)).version).toBe(version)
    expect(await bob.markApplied(gb, 8)).toBe(8)
    const record = await stored(bobStore, gb)
    expect(record.version).toBe(version + 1)
    expect(record.metadata.appliedSeq).toBe("8")
  })

  it("markApplied keeps the sealed state and a staged commit", async () => {
    const { alice, bob, bobStore, ga, gb } = await pair()
    const commit = await bob.selfUpdate(gb, { staged: true })
    const before = await stored(bobStore, gb)
    await bob.markApplied(gb, 4)
    const after = await stored(bobStore, gb)
    expect(Buffer.from(after.state)).toEqual(Buffer.from(before.state))
    expect(after.metadata.pendingEpoch).toBe("1")
    const restarted = makeClient({ store: bobStore })
    expect((await restarted.pendingCommit(gb))?.commit).toEqual(commit)
    expect(await restarted.confirmCommit(gb, { appliedSeq: 5 })).toEqual({ epoch: 2 })
    expect((await restarted.group(gb)).appliedSeq).toBe(5)
    await alice.processMessage(ga, commit)
    expect(Buffer.from(await alice.epochAuthenticator(ga))).toEqual(
      Buffer.from(await restarted.epochAuthenticator(gb)),
    )
  })

  it("confirmCommit and processing the own commit take the cursor, and refuse a repeat", async () => {
    const { bob, bobStore, gb } = await pair()
    await bob.markApplied(gb, 10)
    const commit = await bob.selfUpdate(gb, { staged: true })
    await expect(bob.confirmCommit(gb, { appliedSeq: 10 })).rejects.toBeInstanceOf(
      AlreadyAppliedError,
    )
    await expect(bob.processMessage(gb, commit, { appliedSeq: 9 })).rejects.toBeInstanceOf(
      AlreadyAppliedError,
    )
    expect(await bob.pendingCommit(gb)).toBeDefined()
    expect(await bob.processMessage(gb, commit, { appliedSeq: 11 })).toMatchObject({
      kind: "commit",
      own: true,
      epoch: 2,
    })
    const record = await stored(bobStore, gb)
    expect(record.metadata.appliedSeq).toBe("11")
    expect(record.metadata.pendingEpoch).toBeUndefined()
  })

  it("works on a group the member was removed from", async () => {
    const { alice, bob, ga, gb } = await pair()
    await bob.processMessage(gb, await alice.removeMembers(ga, [1]), { appliedSeq: 2 })
    expect((await bob.group(gb)).status).toBe("removed")
    expect(await bob.markApplied(gb, 3)).toBe(3)
  })

  it("bad seqs are InvalidInputError and change nothing", async () => {
    const { alice, bob, bobStore, ga, gb } = await pair()
    await bob.markApplied(gb, 1)
    const message = await alice.sendMessage(ga, text("x"))
    const snapshot = await storeSnapshot(bobStore)
    const bad: unknown[] = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "3", null]
    for (const seq of bad) {
      await expect(bob.markApplied(gb, seq as number)).rejects.toBeInstanceOf(InvalidInputError)
      await expect(
        bob.processMessage(gb, message, { appliedSeq: seq as number }),
      ).rejects.toBeInstanceOf(InvalidInputError)
      await expect(bob.confirmCommit(gb, { appliedSeq: seq as number })).rejects.toBeInstanceOf(
        InvalidInputError,
      )
    }
    await expect(bob.processMessage(gb, message, "5" as never)).rejects.toBeInstanceOf(
      InvalidInputError,
    )
    expect(await storeSnapshot(bobStore)).toBe(snapshot)
  })

  it("cannot be set through group metadata", async () => {
    const client = makeClient()
    const alice = await client.createIdentity("alice")
    for (const key of ["appliedSeq", "pendingEpoch", "pendingDedupeId"]) {
      await expect(
        client.createGroup(alice.id, "g", { metadata: { [key]: "1" } }),
      ).rejects.toBeInstanceOf(InvalidInputError)
    }
    expect(await client.listGroups()).toEqual([])
  })
})
