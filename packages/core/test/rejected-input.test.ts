/**
 * Rejected input changes no state: neither the stored record nor the cached
 * one. With `reservedGenerations` a dropped cache is visible from outside:
 * the next send reloads the stored state, which is reserved generations
 * ahead, so the sender's generations jump and every receiver keeps the
 * skipped keys. These tests feed garbage between valid operations and
 * watch the generations, the stored bytes and the cache.
 */
import { describe, expect, it } from "vitest"
import {
  InMemoryStore,
  type LocalGroupId,
  type MlsClient,
  MlskitError,
  type MlsStore,
} from "../src/index.js"
import { makeClient, str, text } from "./helpers.js"

const RESERVED = 16
const MAX_BYTES = 64 * 1024

/** alice and bob each on their own client (both reserving 16 generations), on one store. */
async function setup() {
  const store = new InMemoryStore()
  const options = { store, reservedGenerations: RESERVED, maxMessageBytes: MAX_BYTES }
  const alice = makeClient(options)
  const bob = makeClient(options)
  const a = await alice.createIdentity("alice")
  const b = await bob.createIdentity("bob")
  const ga = await alice.createGroup(a.id, "g")
  const { welcome } = await alice.addMembers(ga, await bob.generateKeyPackages(b.id, 1))
  const gb = await bob.joinGroup(b.id, welcome)
  return { store, alice, bob, ga, gb, bobId: b.id }
}

/** Process `ciphertext` and return "plaintext@epoch/generation". */
async function receive(client: MlsClient, groupId: LocalGroupId, ciphertext: Uint8Array) {
  const r = await client.processMessage(groupId, ciphertext)
  if (r.kind !== "application") throw new Error(`expected application data, got ${r.kind}`)
  return `${str(r.plaintext)}@${r.epoch}/${r.generation}`
}

/** The stored record's version and sealed state, as text for an exact comparison. */
async function stored(store: MlsStore, id: string): Promise<string> {
  const record = await store.getGroup(id)
  if (!record) throw new Error("group is gone")
  return `${record.version}:${record.epoch}:${Buffer.from(record.state).toString("hex")}`
}

/** Assert that `attempt` fails with a typed error. */
async function rejected(attempt: () => Promise<unknown>): Promise<void> {
  const error = await attempt().then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(MlskitError.isInstance(error), `expected a typed error, got ${String(error)}`).toBe(true)
}

function flipLastByte(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes)
  copy[copy.length - 1]! ^= 0x01
  return copy
}

describe("rejected input changes neither the stored nor the cached state", () => {
  it("keeps a sender's generations consecutive when each send follows a rejected request", async () => {
    const { alice, bob, ga, gb, bobId } = await setup()
    const [bobKeyPackage] = await bob.generateKeyPackages(bobId, 1)
    const fromBob = await bob.sendMessage(gb, text("hello alice"))
    await receive(alice, ga, fromBob)
    // Every kind of request alice's group rejects, one before each of her sends.
    const garbage: Array<() => Promise<unknown>> = [
      () => alice.processMessage(ga, new Uint8Array([0, 1, 0, 2, 9, 9, 9])),
      () => alice.processMessage(ga, fromBob.slice(0, fromBob.length - 7)),
      () => alice.processMessage(ga, flipLastByte(fromBob)),
      () => alice.processMessage(ga, fromBob),
      () => alice.processMessage(ga, new Uint8Array(MAX_BYTES + 1)),
      () => alice.sendMessage(ga, "not bytes" as unknown as Uint8Array),
      () => alice.addMembers(ga, [new Uint8Array([1, 2, 3])]),
      () => alice.addMembers(ga, [bobKeyPackage!.slice(0, 40)]),
      () => alice.removeMembers(ga, [7]),
      () => alice.exportSecret(ga, "label", new Uint8Array(), 0),
    ]
    const received: string[] = []
    for (const [i, attempt] of garbage.entries()) {
      const ciphertext = await alice.sendMessage(ga, text(`m${i}`))
      received.push(await receive(bob, gb, ciphertext))
      await rejected(attempt)
    }
    received.push(await receive(bob, gb, await alice.sendMessage(ga, text("last"))))
    expect(received).toEqual([...garbage.map((_, i) => `m${i}@1/${i}`), `last@1/${garbage.length}`])
  })

  it("keeps the receiver's stored record, its size and its cache through every kind of rejected message", async () => {
    const { store, alice, bob, ga, gb } = await setup()
    const other = await alice.createGroup((await alice.createIdentity("carol")).id, "other")
    const valid = await alice.sendMessage(ga, text("first"))
    await receive(bob, gb, valid)
    const oldCommit = await alice.selfUpdate(ga)
    await bob.processMessage(gb, oldCommit)
    const current = await alice.sendMessage(ga, text("second"))
    await receive(bob, gb, current)
    const cases: Array<[string, Uint8Array]> = [
      ["malformed", new Uint8Array([0, 1, 0, 2, 3, 4, 5, 6, 7, 8])],
      ["random", new Uint8Array(300).fill(0xa5)],
      ["truncated", current.slice(0, current.length - 20)],
      ["extended", new Uint8Array([...current, 1, 2, 3])],
      ["oversized", new Uint8Array(MAX_BYTES + 1)],
      ["undecryptable", flipLastByte(current)],
      ["replayed", current],
      ["replayed from the previous epoch", valid],
      ["a commit of the previous epoch", oldCommit],
      ["for another group", await alice.sendMessage(other, text("elsewhere"))],
    ]
    const fromBob: string[] = []
    const aliceSizes = new Set<number>()
    const cachedAfter: string[] = []
    for (const [name, bytes] of cases) {
      const before = await stored(store, gb)
      await rejected(() => bob.processMessage(gb, bytes))
      expect(await stored(store, gb), name).toBe(before)
      cachedAfter.push(`${name}: ${bob.cachedGroups}`)
      // bob's next send follows his previous one: his reservation (and so his cache) survived.
      fromBob.push(await receive(alice, ga, await bob.sendMessage(gb, text(name))))
      aliceSizes.add((await store.getGroup(ga))?.state.length ?? 0)
    }
    expect(fromBob).toEqual(cases.map(([name], i) => `${name}@2/${i}`))
    // Consecutive generations leave alice no skipped keys to keep: her stored state does not grow.
    expect([...aliceSizes]).toHaveLength(1)
    expect(cachedAfter).toEqual(cases.map(([name]) => `${name}: 1`))
  })

  it("rejects a message from a later epoch without change, and accepts it once the commit is processed", async () => {
    const { store, alice, bob, ga, gb } = await setup()
    await receive(bob, gb, await alice.sendMessage(ga, text("before")))
    const commit = await alice.selfUpdate(ga)
    const early = await alice.sendMessage(ga, text("early"))
    const before = await stored(store, gb)
    await expect(bob.processMessage(gb, early)).rejects.toMatchObject({ code: "INVALID_MESSAGE" })
    expect(await stored(store, gb)).toBe(before)
    expect(bob.cachedGroups).toBe(1)
    await bob.processMessage(gb, commit)
    expect(await receive(bob, gb, early)).toBe("early@2/0")
  })
})
