/**
 * Several MlsClient instances on one store, as several server processes on
 * one database: alice's group state is written through instance A and
 * instance B, each with its own cache. A stale cache must never turn a valid
 * request into a final-looking error, nor make a send use an epoch older
 * than the stored one; only a real concurrent conflict surfaces as Conflict.
 */
import { describe, expect, it } from "vitest"
import {
  type GroupUpdate,
  InMemoryStore,
  type LocalGroupId,
  type MlsClient,
  type MlsClientOptions,
} from "../src/index.js"
import { makeClient, str, text } from "./helpers.js"

/**
 * alice on instances A and B of one store; bob and carol on their own client.
 * Both of alice's instances have her group cached at epoch 1.
 */
async function setup(options: Partial<MlsClientOptions> = {}, store = new InMemoryStore()) {
  const A = makeClient({ store, ...options })
  const B = makeClient({ store, ...options })
  const peers = makeClient()
  const alice = await A.createIdentity("alice")
  const bob = await peers.createIdentity("bob")
  const carol = await peers.createIdentity("carol")
  const ga = await A.createGroup(alice.id, "shared")
  const keyPackages = [
    ...(await peers.generateKeyPackages(bob.id, 1)),
    ...(await peers.generateKeyPackages(carol.id, 1)),
  ]
  const { welcome } = await A.addMembers(ga, keyPackages)
  const gb = await peers.joinGroup(bob.id, welcome)
  const gc = await peers.joinGroup(carol.id, welcome)
  await B.group(ga)
  return { store, A, B, peers, ga, gb, gc }
}

/** Process `ciphertext` and return "plaintext@epoch". */
async function receive(client: MlsClient, groupId: LocalGroupId, ciphertext: Uint8Array) {
  const r = await client.processMessage(groupId, ciphertext)
  if (r.kind !== "application") throw new Error(`expected application data, got ${r.kind}`)
  return `${str(r.plaintext)}@${r.epoch}`
}

/** A store that lets `interleave` run right before each group update it did not start itself. */
class InterleavingStore extends InMemoryStore {
  interleave: (() => Promise<unknown>) | undefined
  private interleaving = false

  override async updateGroup(id: string, expected: number, update: GroupUpdate) {
    if (this.interleave && !this.interleaving) {
      this.interleaving = true
      try {
        await this.interleave()
      } finally {
        this.interleaving = false
      }
    }
    return super.updateGroup(id, expected, update)
  }
}

describe("two instances of one member on a shared store", () => {
  it("processes a message of the epoch the other instance moved the state to", async () => {
    const { A, B, peers, ga, gb } = await setup()
    await peers.processMessage(gb, await B.selfUpdate(ga))
    const fromBob = await peers.sendMessage(gb, text("after B's commit"))
    expect(await receive(A, ga, fromBob)).toBe("after B's commit@2")
    expect((await A.group(ga)).epoch).toBe(2)
  })

  it("reports the epoch, members and exporter secret the other instance moved the state to", async () => {
    const { A, B, ga } = await setup()
    await B.removeMembers(ga, [2])
    expect((await A.group(ga)).epoch).toBe(2)
    expect((await A.members(ga)).map((m) => m.identity)).toEqual(["alice", "bob"])
    const context = text("ctx")
    expect(await A.exportSecret(ga, "label", context, 32)).toEqual(
      await B.exportSecret(ga, "label", context, 32),
    )
    expect(await A.epochAuthenticator(ga)).toEqual(await B.epochAuthenticator(ga))
  })

  it("answers its own commit made through the other instance from the stored state, not the stale cache", async () => {
    const { A, B, ga } = await setup()
    const ownCommit = await B.selfUpdate(ga)
    // From the stored epoch 2 the commit is a past one; the stale cache (epoch 1) would call it this member's own message.
    await expect(A.processMessage(ga, ownCommit)).rejects.toMatchObject({
      code: "INVALID_MESSAGE",
      reason: "past_epoch",
    })
    expect(await A.peekEpoch(ga)).toBe(2)
  })

  it("sends at the epoch the other instance moved the state to", async () => {
    const { A, B, peers, ga, gb } = await setup()
    await peers.processMessage(gb, await B.selfUpdate(ga))
    expect(await receive(peers, gb, await A.sendMessage(ga, text("from A")))).toBe("from A@2")
  })

  it("redoes a commit on the state the other instance moved on, and the peers follow both", async () => {
    const { A, B, peers, ga, gb } = await setup()
    const fromB = await B.selfUpdate(ga)
    const dave = await peers.createIdentity("dave")
    const [kp] = await peers.generateKeyPackages(dave.id, 1)
    const fromA = await A.removeMembers(ga, [2])
    expect((await peers.processMessage(gb, fromB)).epoch).toBe(2)
    expect(await peers.processMessage(gb, fromA)).toMatchObject({ kind: "commit", epoch: 3 })
    expect((await A.members(ga)).map((m) => m.identity)).toEqual(["alice", "bob"])
    // B's cache is at its own commit's epoch; its add lands after A's removal.
    const added = await B.addMembers(ga, [kp!])
    expect(added.epoch).toBe(4)
    expect(await peers.processMessage(gb, added.commit)).toMatchObject({ kind: "commit", epoch: 4 })
  })

  it("never sends under a reservation at an epoch older than the stored one (no removed member can read it)", async () => {
    const { A, B, peers, ga, gb, gc } = await setup({ reservedGenerations: 16 })
    expect(await receive(peers, gc, await A.sendMessage(ga, text("before")))).toBe("before@1")
    B.evict(ga) // B reads the state A's reservation wrote, as a process that starts now would.
    const removal = await B.removeMembers(ga, [1])
    expect(await peers.processMessage(gc, removal)).toMatchObject({ kind: "commit", epoch: 2 })
    const seen: string[] = []
    for (let i = 0; i < 3; i++) {
      const ciphertext = await A.sendMessage(ga, text(`after ${i}`))
      seen.push(await receive(peers, gc, ciphertext))
      await expect(peers.processMessage(gb, ciphertext)).rejects.toMatchObject({
        code: "INVALID_MESSAGE",
      })
    }
    expect(seen).toEqual(["after 0@2", "after 1@2", "after 2@2"])
  })

  it("redoes a send whose write lost to the other instance, without reusing its generation", async () => {
    const { A, B, peers, ga, gc } = await setup()
    const fromB = await B.sendMessage(ga, text("from B"))
    const fromA = await A.sendMessage(ga, text("from A"))
    const generations: string[] = []
    for (const ciphertext of [fromB, fromA]) {
      const r = await peers.processMessage(gc, ciphertext)
      generations.push(r.kind === "application" ? `${str(r.plaintext)}/${r.generation}` : r.kind)
    }
    expect(generations).toEqual(["from B/0", "from A/1"])
  })

  it("still answers a real concurrent conflict with Conflict, and the state does not fork", async () => {
    const store = new InterleavingStore()
    const { A, B, peers, ga, gb } = await setup({}, store)
    const commitsFromB: Uint8Array[] = []
    // B commits right before each of A's writes, so A loses its write and its one retry.
    store.interleave = async () => commitsFromB.push(await B.selfUpdate(ga))
    await expect(A.selfUpdate(ga)).rejects.toMatchObject({ code: "CONFLICT", retryable: true })
    expect(commitsFromB).toHaveLength(2)
    store.interleave = undefined
    for (const commit of commitsFromB) await peers.processMessage(gb, commit)
    expect((await store.getGroup(ga))?.epoch).toBe(3)
    expect((await A.group(ga)).epoch).toBe(3)
    expect(await receive(peers, gb, await A.sendMessage(ga, text("converged")))).toBe("converged@3")
  })
})
