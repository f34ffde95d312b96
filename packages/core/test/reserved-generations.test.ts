import { describe, expect, it } from "vitest"
import {
  type GroupUpdate,
  InMemoryStore,
  InvalidInputError,
  type LocalGroupId,
  type MlsClient,
  type MlsStore,
  StorageError,
} from "../src/index.js"
import { makeClient, str, text } from "./helpers.js"

/** alice sends from `sender`; bob receives on his own client, so alice's "crashes" never touch him. */
async function setup(store: MlsStore, reservedGenerations: number) {
  const alice = makeClient({ store, reservedGenerations })
  const bob = makeClient({ store })
  const a = await alice.createIdentity("alice")
  const b = await bob.createIdentity("bob")
  const ga = await alice.createGroup(a.id, "reserved")
  const { welcome } = await alice.addMembers(ga, await bob.generateKeyPackages(b.id, 1))
  const gb = await bob.joinGroup(b.id, welcome)
  return { alice, bob, ga, gb }
}

/** bob decrypts each ciphertext in order; returns "plaintext@generation" per message. */
async function receive(bob: MlsClient, gb: LocalGroupId, ciphertexts: Uint8Array[]) {
  const out: string[] = []
  for (const ct of ciphertexts) {
    const r = await bob.processMessage(gb, ct)
    if (r.kind !== "application") throw new Error(`expected application data, got ${r.kind}`)
    out.push(`${str(r.plaintext)}@${r.generation}`)
  }
  return out
}

async function storedVersion(store: MlsStore, id: string): Promise<number> {
  return (await store.getGroup(id))?.version ?? -1
}

/** A store whose next `failures` group updates fail with a retryable StorageError. */
class FailingUpdates extends InMemoryStore {
  failures = 0
  override async updateGroup(id: string, expected: number, update: GroupUpdate) {
    if (this.failures > 0) {
      this.failures--
      throw new StorageError("injected write failure", { retryable: true })
    }
    return super.updateGroup(id, expected, update)
  }
}

describe("reservedGenerations", () => {
  it("writes once per 8 sends and the peer decrypts every message at consecutive generations", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await setup(store, 8)
    const before = await storedVersion(store, ga)
    const sent: Uint8Array[] = []
    for (let i = 0; i < 20; i++) sent.push(await alice.sendMessage(ga, text(`m${i}`)))
    expect(await storedVersion(store, ga)).toBe(before + 3)
    expect(await receive(bob, gb, sent)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}@${i}`))
  })

  it("writes every send by default", async () => {
    const store = new InMemoryStore()
    const { alice, ga } = await setup(store, 1)
    const before = await storedVersion(store, ga)
    for (let i = 0; i < 5; i++) await alice.sendMessage(ga, text(`m${i}`))
    expect(await storedVersion(store, ga)).toBe(before + 5)
  })

  it("resumes after a crash past every generation it acknowledged, never under a used one", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await setup(store, 8)
    const sent = [
      await alice.sendMessage(ga, text("a")),
      await alice.sendMessage(ga, text("b")),
      await alice.sendMessage(ga, text("c")),
    ]
    // A new client on the same store is the process after a crash: no cached state.
    const restarted = makeClient({ store, reservedGenerations: 8 })
    sent.push(await restarted.sendMessage(ga, text("d")))
    sent.push(await restarted.sendMessage(ga, text("e")))
    expect(await receive(bob, gb, sent)).toEqual(["a@0", "b@1", "c@2", "d@8", "e@9"])
  })

  it("resumes past the reservation after the cached state is evicted", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await setup(store, 4)
    const sent = [await alice.sendMessage(ga, text("a"))]
    alice.evict(ga)
    sent.push(await alice.sendMessage(ga, text("b")))
    sent.push(await alice.sendMessage(ga, text("c")))
    expect(await receive(bob, gb, sent)).toEqual(["a@0", "b@4", "c@5"])
  })

  it("ends the reservation at any other write, which stores the real state", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await setup(store, 8)
    const sent = [await alice.sendMessage(ga, text("a")), await alice.sendMessage(ga, text("b"))]
    const fromBob = await bob.sendMessage(gb, text("hi alice"))
    expect((await alice.processMessage(ga, fromBob)).kind).toBe("application")
    const restarted = makeClient({ store, reservedGenerations: 8 })
    sent.push(await restarted.sendMessage(ga, text("c")))
    expect(await receive(bob, gb, sent)).toEqual(["a@0", "b@1", "c@2"])
  })

  it("starts a new reservation in a new epoch", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await setup(store, 8)
    await receive(bob, gb, [await alice.sendMessage(ga, text("a"))])
    expect((await bob.processMessage(gb, await alice.selfUpdate(ga))).kind).toBe("commit")
    const before = await storedVersion(store, ga)
    const sent = [await alice.sendMessage(ga, text("b")), await alice.sendMessage(ga, text("c"))]
    expect(await storedVersion(store, ga)).toBe(before + 1)
    const restarted = makeClient({ store, reservedGenerations: 8 })
    sent.push(await restarted.sendMessage(ga, text("d")))
    expect(await receive(bob, gb, sent)).toEqual(["b@0", "c@1", "d@8"])
  })

  it("returns no ciphertext when the reservation write fails, and the next send reloads", async () => {
    const store = new FailingUpdates()
    const { alice, bob, ga, gb } = await setup(store, 4)
    const sent: Uint8Array[] = []
    for (let i = 0; i < 4; i++) sent.push(await alice.sendMessage(ga, text(`m${i}`)))
    store.failures = 1
    await expect(alice.sendMessage(ga, text("lost"))).rejects.toBeInstanceOf(StorageError)
    sent.push(await alice.sendMessage(ga, text("m4")))
    expect(await receive(bob, gb, sent)).toEqual(["m0@0", "m1@1", "m2@2", "m3@3", "m4@4"])
  })

  it("gives two writers with reservations disjoint generations; a replaced reservation reloads before its next send", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await setup(store, 4)
    const other = makeClient({ store, reservedGenerations: 4 })
    const sent = [await alice.sendMessage(ga, text("one"))]
    sent.push(await other.sendMessage(ga, text("two")))
    for (const t of ["three", "four", "five", "six", "seven"])
      sent.push(await alice.sendMessage(ga, text(t)))
    expect(await receive(bob, gb, sent)).toEqual([
      "one@0",
      "two@4",
      "three@8",
      "four@9",
      "five@10",
      "six@11",
      "seven@12",
    ])
  })

  it.each([0, 1.5, 501, -3, Number.NaN, "8"])(
    "rejects reservedGenerations %s with InvalidInputError",
    (value) => {
      expect(() => makeClient({ reservedGenerations: value as number })).toThrow(InvalidInputError)
    },
  )

  it("bounds reservedGenerations by half of maxForwardRatchetSteps", () => {
    expect(() =>
      makeClient({ reservedGenerations: 11, config: { maxForwardRatchetSteps: 20 } }),
    ).toThrow(/from 1 to 10/)
    expect(() =>
      makeClient({ reservedGenerations: 10, config: { maxForwardRatchetSteps: 20 } }),
    ).not.toThrow()
  })
})
