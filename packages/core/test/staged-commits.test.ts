/**
 * Staged commits: a commit made but not merged until confirmCommit (it won
 * its epoch in the group log) or dropped by discardCommit / another member's
 * commit (it lost). Members each have their own client; "restarts" are new
 * clients on the same store.
 */
import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { createAtRestCipher, readBlobHeader } from "../src/at-rest.js"
import {
  BlobKind,
  CommitPendingError,
  DEFAULT_MLS_CONFIG,
  type GroupUpdate,
  InMemoryStore,
  InvalidInputError,
  type LocalGroupId,
  type MlsClient,
  type MlsClientOptions,
  NoPendingCommitError,
  StorageError,
  TS_MLS_VERSION,
} from "../src/index.js"
import { clientConfigFor } from "../src/mls-adapter.js"
import { decodeWithPending } from "../src/pending-commit.js"
import { makeClient, STATE_KEY, storeSnapshot, str, text } from "./helpers.js"

type Framing = "public" | "private"

/** alice (her own store) with bob (his own store) in a group at epoch 1. */
async function pair(framing: Framing = "public", aliceOptions: Partial<MlsClientOptions> = {}) {
  const config = { commitWireFormat: framing }
  const aliceStore = new InMemoryStore()
  const bobStore = new InMemoryStore()
  const alice = makeClient({ store: aliceStore, config, ...aliceOptions })
  const bob = makeClient({ store: bobStore, config })
  const a = await alice.createIdentity("alice")
  const b = await bob.createIdentity("bob")
  const ga = await alice.createGroup(a.id, "staged")
  const { welcome } = await alice.addMembers(ga, await bob.generateKeyPackages(b.id, 1))
  const gb = await bob.joinGroup(b.id, welcome)
  return { alice, bob, aliceStore, bobStore, ga, gb, config }
}

async function expectSameEpoch(x: MlsClient, gx: LocalGroupId, y: MlsClient, gy: LocalGroupId) {
  expect((await x.group(gx)).epoch).toBe((await y.group(gy)).epoch)
  expect(Buffer.from(await x.epochAuthenticator(gx))).toEqual(
    Buffer.from(await y.epochAuthenticator(gy)),
  )
}

/** `from` sends `words`, `to` decrypts it; returns the plaintext. */
async function relay(
  from: MlsClient,
  gf: LocalGroupId,
  to: MlsClient,
  gt: LocalGroupId,
  words: string,
) {
  const r = await to.processMessage(gt, await from.sendMessage(gf, text(words)))
  if (r.kind !== "application") throw new Error(`expected application data, got ${r.kind}`)
  return str(r.plaintext)
}

const sha256url = (b: Uint8Array) => createHash("sha256").update(b).digest("base64url")

describe.each(["public", "private"] as const)("staged commits (%s commits)", (framing) => {
  it("stage an add, confirm it: the epoch advances, the newcomer joins, messages flow", async () => {
    const { alice, bob, aliceStore, ga, gb, config } = await pair(framing)
    const carol = makeClient({ config })
    const c = await carol.createIdentity("carol")
    const [carolKp] = await carol.generateKeyPackages(c.id, 1)
    const authBefore = await alice.epochAuthenticator(ga)

    const staged = await alice.addMembers(ga, [carolKp!], { staged: true })
    expect(staged.epoch).toBe(2)
    expect(staged.addedLeafIndices).toEqual([2])
    // Not merged: still epoch 1, with the pending commit stored beside it.
    const details = await alice.group(ga)
    expect(details.epoch).toBe(1)
    expect(details.pendingEpoch).toBe(1)
    expect(details.members.map((m) => m.identity)).toEqual(["alice", "bob"])
    expect(Buffer.from(await alice.epochAuthenticator(ga))).toEqual(Buffer.from(authBefore))
    const record = await aliceStore.getGroup(ga)
    expect(record?.epoch).toBe(1)
    expect(readBlobHeader(record!.state).kind).toBe(BlobKind.GroupStateWithPending)
    expect(record?.metadata.pendingEpoch).toBe("1")
    expect(record?.metadata.pendingDedupeId).toBe(sha256url(staged.commit))
    expect(record?.metadata.pendingDedupeId).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const pending = await alice.pendingCommit(ga)
    expect(pending).toEqual({
      epoch: 1,
      commit: staged.commit,
      welcome: staged.welcome,
      dedupeId: sha256url(staged.commit),
      intent: { kind: "add", keyPackages: [carolKp] },
    })

    expect(await alice.confirmCommit(ga)).toEqual({ epoch: 2 })
    expect(await alice.pendingCommit(ga)).toBeUndefined()
    const after = await aliceStore.getGroup(ga)
    expect(readBlobHeader(after!.state).kind).toBe(BlobKind.GroupState)
    expect(after?.metadata.pendingEpoch).toBeUndefined()
    expect(after?.metadata.pendingDedupeId).toBeUndefined()
    expect((await alice.group(ga)).pendingEpoch).toBeUndefined()

    const bobSees = await bob.processMessage(gb, staged.commit)
    expect(bobSees).toMatchObject({ kind: "commit", epoch: 2 })
    expect(bobSees.kind === "commit" && bobSees.own).toBeFalsy()
    const gc = await carol.joinGroup(c.id, staged.welcome)
    await expectSameEpoch(alice, ga, bob, gb)
    await expectSameEpoch(alice, ga, carol, gc)
    expect(await relay(carol, gc, alice, ga, "hi from carol")).toBe("hi from carol")
    expect(await relay(alice, ga, bob, gb, "hi from alice")).toBe("hi from alice")
    expect(await relay(bob, gb, carol, gc, "hi from bob")).toBe("hi from bob")
  })

  it("two members stage at one epoch: the loser's pending commit goes with the winner's, and its redo works", async () => {
    const { alice, bob, bobStore, ga, gb } = await pair(framing)
    const aliceCommit = await alice.selfUpdate(ga, { staged: true })
    const bobCommit = await bob.selfUpdate(gb, { staged: true })
    expect(await bob.pendingCommit(gb)).toMatchObject({ epoch: 1, intent: { kind: "update" } })

    // The log took alice's commit first.
    await alice.confirmCommit(ga)
    const bobVersion = (await bobStore.getGroup(gb))!.version
    const bobSees = await bob.processMessage(gb, aliceCommit)
    // One write: the winner's state in, the loser's pending commit out.
    const bobRecord = await bobStore.getGroup(gb)
    expect(bobRecord?.version).toBe(bobVersion + 1)
    expect(bobRecord?.metadata.pendingDedupeId).toBeUndefined()
    expect(readBlobHeader(bobRecord!.state).kind).toBe(BlobKind.GroupState)
    expect(bobSees).toMatchObject({ kind: "commit", epoch: 2, sender: { identity: "alice" } })
    expect(await bob.pendingCommit(gb)).toBeUndefined()
    expect((await bob.group(gb)).pendingEpoch).toBeUndefined()
    await expectSameEpoch(alice, ga, bob, gb)
    // bob's losing commit is of a past epoch for alice.
    await expect(alice.processMessage(ga, bobCommit)).rejects.toMatchObject({
      reason: "past_epoch",
    })

    // bob redoes his intent on the new epoch.
    const redo = await bob.selfUpdate(gb, { staged: true })
    expect(await alice.processMessage(ga, redo)).toMatchObject({ kind: "commit", epoch: 3 })
    expect(await bob.confirmCommit(gb)).toEqual({ epoch: 3 })
    await expectSameEpoch(alice, ga, bob, gb)
    expect(await relay(bob, gb, alice, ga, "after the redo")).toBe("after the redo")
    expect(await relay(alice, ga, bob, gb, "and back")).toBe("and back")
  })

  it("a staged commit survives a restart and is confirmed by the new client", async () => {
    const { alice, bob, aliceStore, ga, gb, config } = await pair(framing)
    const commit = await alice.removeMembers(ga, [1], { staged: true })
    const before = await alice.pendingCommit(ga)

    const restarted = makeClient({ store: aliceStore, config })
    expect(await restarted.pendingCommit(ga)).toEqual(before)
    expect(before).toMatchObject({ intent: { kind: "remove", leafIndices: [1] } })
    expect(await restarted.confirmCommit(ga)).toEqual({ epoch: 2 })
    expect((await restarted.members(ga)).map((m) => m.identity)).toEqual(["alice"])
    expect(await bob.processMessage(gb, commit)).toMatchObject({ kind: "removed", epoch: 2 })
  })

  it("discard keeps the state; a later commit of the same epoch works for the peer", async () => {
    const { alice, bob, aliceStore, ga, gb } = await pair(framing)
    const auth = await alice.epochAuthenticator(ga)
    const discarded = await alice.selfUpdate(ga, { staged: true })
    // Naming another commit's dedupe id drops nothing: a caller that saw an
    // older commit lose never drops one staged since.
    const pending = await alice.pendingCommit(ga)
    expect(await alice.discardCommit(ga, { dedupeId: "another-commit" })).toBe(false)
    expect((await alice.pendingCommit(ga))?.dedupeId).toBe(pending?.dedupeId)
    expect(await alice.discardCommit(ga, { dedupeId: pending?.dedupeId ?? "" })).toBe(true)
    await alice.selfUpdate(ga, { staged: true })
    expect(await alice.discardCommit(ga)).toBe(true)
    expect(await alice.discardCommit(ga)).toBe(false)
    expect(await alice.pendingCommit(ga)).toBeUndefined()
    expect(Buffer.from(await alice.epochAuthenticator(ga))).toEqual(Buffer.from(auth))
    expect(readBlobHeader((await aliceStore.getGroup(ga))!.state).kind).toBe(BlobKind.GroupState)
    // A discarded commit is never merged by processMessage.
    await expect(alice.processMessage(ga, discarded)).rejects.toMatchObject({
      code: "INVALID_MESSAGE",
    })

    const commit = await alice.selfUpdate(ga)
    expect(await bob.processMessage(gb, commit)).toMatchObject({ kind: "commit", epoch: 2 })
    await expectSameEpoch(alice, ga, bob, gb)
  })

  it("messages sent and received while a commit is pending keep it, and are not replayable after the merge", async () => {
    const { alice, bob, aliceStore, ga, gb, config } = await pair(framing)
    const commit = await alice.selfUpdate(ga, { staged: true })
    const pending = await alice.pendingCommit(ga)
    expect(await relay(alice, ga, bob, gb, "sent while pending")).toBe("sent while pending")
    const first = await bob.sendMessage(gb, text("first"))
    const late = await bob.sendMessage(gb, text("late"))
    expect(await alice.processMessage(ga, first)).toMatchObject({ kind: "application", epoch: 1 })
    expect(await alice.pendingCommit(ga)).toEqual(pending)

    // The send's and the receive's writes kept the pending part (restart to see the store).
    const restarted = makeClient({ store: aliceStore, config })
    expect(await restarted.pendingCommit(ga)).toEqual(pending)
    expect(await restarted.confirmCommit(ga)).toEqual({ epoch: 2 })
    expect(await bob.processMessage(gb, commit)).toMatchObject({ kind: "commit", epoch: 2 })
    await expectSameEpoch(restarted, ga, bob, gb)
    // Past-epoch data still decrypts a message it has not seen, never one it has.
    expect(await restarted.processMessage(ga, late)).toMatchObject({
      kind: "application",
      epoch: 1,
    })
    await expect(restarted.processMessage(ga, first)).rejects.toMatchObject({
      code: "INVALID_MESSAGE",
    })
    expect(await relay(bob, gb, restarted, ga, "epoch 2")).toBe("epoch 2")
  })

  it("processing its own pending commit (read back from the log) merges it", async () => {
    const { alice, bob, ga, gb, config } = await pair(framing)
    const carol = makeClient({ config })
    const c = await carol.createIdentity("carol")
    const staged = await alice.addMembers(ga, await carol.generateKeyPackages(c.id, 1), {
      staged: true,
    })
    const result = await alice.processMessage(ga, staged.commit)
    expect(result).toMatchObject({
      kind: "commit",
      epoch: 2,
      own: true,
      sender: { leafIndex: 0, identity: "alice" },
      membersRemoved: [],
    })
    expect(result.kind === "commit" && result.membersAdded.map((m) => m.identity)).toEqual([
      "carol",
    ])
    expect(await alice.pendingCommit(ga)).toBeUndefined()
    await bob.processMessage(gb, staged.commit)
    await expectSameEpoch(alice, ga, bob, gb)
    // Read again, it is an old commit of its own.
    await expect(alice.processMessage(ga, staged.commit)).rejects.toMatchObject({
      code: "INVALID_MESSAGE",
    })
  })
})

describe("while a commit is pending", () => {
  it("refuses every other commit and a leave, changing nothing", async () => {
    const { alice, bob, aliceStore, ga, gb } = await pair()
    await alice.selfUpdate(ga, { staged: true })
    const snapshot = await storeSnapshot(aliceStore)
    const [kp] = await bob.generateKeyPackages((await bob.listIdentities())[0]!.id, 1)
    const attempts = [
      () => alice.selfUpdate(ga),
      () => alice.selfUpdate(ga, { staged: true }),
      () => alice.addMembers(ga, [kp!]),
      () => alice.addMembers(ga, [kp!], { staged: true }),
      () => alice.removeMembers(ga, [1]),
      () => alice.removeMembers(ga, [1], { staged: true }),
      () => alice.leaveGroup(ga),
    ]
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => undefined,
        (err: unknown) => err,
      )
      expect(error).toBeInstanceOf(CommitPendingError)
      expect(error).toMatchObject({
        code: "CONFLICT",
        message: "a commit is pending; confirm or discard it",
      })
    }
    expect(await storeSnapshot(aliceStore)).toBe(snapshot)
    expect(await relay(bob, gb, alice, ga, "still fine")).toBe("still fine")
  })

  it("keeps it through a proposal of the current epoch", async () => {
    const { alice, bob, ga, gb } = await pair()
    const carolClient = makeClient()
    const carol = await carolClient.createIdentity("carol")
    const { commit, welcome } = await alice.addMembers(
      ga,
      await carolClient.generateKeyPackages(carol.id, 1),
    )
    await bob.processMessage(gb, commit)
    const gc = await carolClient.joinGroup(carol.id, welcome)
    const staged = await alice.selfUpdate(ga, { staged: true })
    const proposal = await carolClient.leaveGroup(gc)
    expect(await alice.processMessage(ga, proposal)).toMatchObject({ kind: "proposal" })
    expect(await alice.pendingCommit(ga)).toMatchObject({ commit: staged })
    expect(await alice.confirmCommit(ga)).toEqual({ epoch: 3 })
    await bob.processMessage(gb, proposal)
    await bob.processMessage(gb, staged)
    await expectSameEpoch(alice, ga, bob, gb)
  })

  it("a second instance with a stale cache meets the pending commit, and can confirm it", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await pair("public", { store })
    const other = makeClient({ store })
    await other.group(ga) // cached without the pending commit
    const commit = await alice.selfUpdate(ga, { staged: true })
    await expect(other.selfUpdate(ga)).rejects.toBeInstanceOf(CommitPendingError)
    expect(await other.confirmCommit(ga)).toEqual({ epoch: 2 })
    // alice's cache still holds the pending commit: the store says it is gone.
    await expect(alice.confirmCommit(ga)).rejects.toBeInstanceOf(NoPendingCommitError)
    await bob.processMessage(gb, commit)
    await expectSameEpoch(alice, ga, bob, gb)
  })
})

describe("staged commits with reservedGenerations", () => {
  it("sends under reservations keep the pending commit; a restart never reuses a generation", async () => {
    const store = new InMemoryStore()
    const { alice, bob, ga, gb } = await pair("public", { store, reservedGenerations: 4 })
    const before = await alice.sendMessage(ga, text("before")) // reserves generations 1 to 3
    const commit = await alice.selfUpdate(ga, { staged: true })
    const sent = [before]
    for (let i = 0; i < 6; i++) sent.push(await alice.sendMessage(ga, text(`m${i}`)))
    const restarted = makeClient({ store, reservedGenerations: 4 })
    expect((await restarted.pendingCommit(ga))?.commit).toEqual(commit)
    sent.push(await restarted.sendMessage(ga, text("after restart")))
    const generations: number[] = []
    for (const ct of sent) {
      const r = await bob.processMessage(gb, ct)
      if (r.kind !== "application") throw new Error("expected application data")
      generations.push(r.generation)
    }
    expect(new Set(generations).size).toBe(generations.length)
    expect(generations).toEqual([...generations].sort((x, y) => x - y))
    expect(await restarted.confirmCommit(ga)).toEqual({ epoch: 2 })
    await bob.processMessage(gb, commit)
    await expectSameEpoch(restarted, ga, bob, gb)
    expect(await relay(restarted, ga, bob, gb, "epoch 2")).toBe("epoch 2")
  })
})

describe("staged commits, refused and failed", () => {
  it("confirm without a pending commit is NoPendingCommitError", async () => {
    const { alice, ga } = await pair()
    const error = await alice.confirmCommit(ga).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(NoPendingCommitError)
    expect(error).toMatchObject({ code: "CONFLICT", message: "no commit is pending" })
  })

  it("a bad staged option is InvalidInputError and changes nothing", async () => {
    const { alice, aliceStore, ga } = await pair()
    const snapshot = await storeSnapshot(aliceStore)
    for (const options of [{ staged: "yes" }, { staged: 1 }, null, "staged"]) {
      await expect(alice.selfUpdate(ga, options as never)).rejects.toBeInstanceOf(InvalidInputError)
    }
    expect(await storeSnapshot(aliceStore)).toBe(snapshot)
  })

  it("returns no commit when the staged state cannot be stored", async () => {
    class FailingStore extends InMemoryStore {
      fail = false
      override async updateGroup(id: string, expected: number, update: GroupUpdate) {
        if (this.fail) throw new StorageError("injected write failure", { retryable: true })
        return super.updateGroup(id, expected, update)
      }
    }
    const store = new FailingStore()
    const { alice, ga } = await pair("public", { store })
    store.fail = true
    await expect(alice.selfUpdate(ga, { staged: true })).rejects.toBeInstanceOf(StorageError)
    store.fail = false
    expect(await alice.pendingCommit(ga)).toBeUndefined()
    expect((await alice.group(ga)).epoch).toBe(1)
  })

  it("a record without a pending commit (the format written before staging existed) opens", async () => {
    const { aliceStore, ga } = await pair()
    const record = await aliceStore.getGroup(ga)
    expect(readBlobHeader(record!.state).kind).toBe(BlobKind.GroupState)
    const fresh = makeClient({ store: aliceStore, stateKey: STATE_KEY })
    expect(await fresh.pendingCommit(ga)).toBeUndefined()
    const summary = (await fresh.listGroups()).find((g) => g.id === ga)
    expect(summary?.pendingEpoch).toBeUndefined()
    expect(summary?.appliedSeq).toBeUndefined()
    await fresh.selfUpdate(ga, { staged: true })
    expect((await fresh.listGroups()).find((g) => g.id === ga)?.pendingEpoch).toBe(1)
  })
})

describe("the stored state beside a staged commit", () => {
  const cipher = createAtRestCipher(STATE_KEY, TS_MLS_VERSION)
  const open = (groupId: string, blob: Uint8Array) =>
    cipher.open(blob, { kind: BlobKind.GroupStateWithPending, context: `group:${groupId}` })
      .plaintext

  it.each([
    ["private", 1],
    ["public", 0],
  ] as const)(
    "after a %s commit, uses handshake generation %i next (a redo never reuses the commit's)",
    async (framing, expected) => {
      const { alice, aliceStore, ga } = await pair(framing)
      await alice.selfUpdate(ga, { staged: true })
      const record = await aliceStore.getGroup(ga)
      const { state, pending } = decodeWithPending(
        open(ga, record!.state),
        clientConfigFor(DEFAULT_MLS_CONFIG),
      )
      const ownNode = (s: typeof state) => s.secretTree[2 * s.privatePath.leafIndex]!
      expect(ownNode(state).handshake.generation).toBe(expected)
      expect(pending.nextState.groupContext.epoch).toBe(2n)
    },
  )

  it("is a StorageError when the pending part is damaged", async () => {
    const { alice, aliceStore, ga } = await pair()
    await alice.selfUpdate(ga, { staged: true })
    const record = (await aliceStore.getGroup(ga))!
    const plaintext = open(ga, record.state)
    const damaged = cipher.seal(plaintext.subarray(0, plaintext.length - 1), {
      kind: BlobKind.GroupStateWithPending,
      ciphersuiteId: readBlobHeader(record.state).ciphersuiteId,
      context: `group:${ga}`,
    })
    await aliceStore.updateGroup(ga, record.version, { epoch: record.epoch, state: damaged })
    const fresh = makeClient({ store: aliceStore })
    await expect(fresh.pendingCommit(ga)).rejects.toBeInstanceOf(StorageError)
  })
})
