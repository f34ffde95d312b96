/**
 * followEntry on real ts-mls groups: after every accepted entry the roster
 * the Delivery Service follows without keys must equal the leaves of the
 * members' real ratchet trees (identity per leaf index) and their epoch.
 */
import {
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackage,
} from "ts-mls"
import { makeProposalRef } from "ts-mls/authenticatedContent.js"
import { describe, expect, it } from "vitest"
import {
  followEntry,
  newRoster,
  type Roster,
  rosterHas,
  UnfollowableCommitError,
} from "../src/index.js"
import { expectMlskitError } from "../src/testing/expect-error.js"
import { type Made, RealGroup, SUITE } from "./external-group.js"

/** Accept `made` and check the roster against the real group. */
async function acceptAndCompare(group: RealGroup, made: Made): Promise<Roster> {
  const roster = await group.accept(made)
  expect(roster.leaves).toEqual(group.realLeaves())
  expect(roster.epoch).toBe(group.realEpoch())
  expect(roster.seq).toBe(group.seq)
  return roster
}

/** alice's group with bob (leaf 1) and carol (leaf 2), all added by value. */
async function aliceBobCarol(): Promise<RealGroup> {
  const group = await RealGroup.create("alice")
  const add = async (name: string) => ({
    proposalType: "add" as const,
    add: { keyPackage: await group.invite(name) },
  })
  await acceptAndCompare(group, await group.commit("alice", [await add("bob"), await add("carol")]))
  expect(group.roster.leaves).toEqual(["alice", "bob", "carol"])
  return group
}

async function expectUnfollowable(promise: Promise<unknown>, why: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(UnfollowableCommitError)
  expect((error as Error).message).toMatch(why)
  await expectMlskitError(Promise.reject(error), "INVALID_MESSAGE")
}

describe("followEntry on a real group", () => {
  it("starts with the creator alone at leaf 0, epoch 0, seq 0", async () => {
    const group = await RealGroup.create("alice")
    expect(group.roster).toEqual({
      suite: SUITE,
      epoch: 0,
      leaves: ["alice"],
      proposals: [],
      seq: 0,
    })
    expect(group.roster.leaves).toEqual(group.realLeaves())
    expect(rosterHas(group.roster, "alice")).toBe(true)
    expect(rosterHas(group.roster, "bob")).toBe(false)
  })

  it("follows an add by value: bob at leaf 1, epoch 1", async () => {
    const group = await RealGroup.create("alice")
    const keyPackage = await group.invite("bob")
    const roster = await acceptAndCompare(
      group,
      await group.commit("alice", [{ proposalType: "add", add: { keyPackage } }]),
    )
    expect(roster).toEqual({
      suite: SUITE,
      epoch: 1,
      leaves: ["alice", "bob"],
      proposals: [],
      seq: 1,
    })
    expect(rosterHas(roster, "bob")).toBe(true)
  })

  it("follows an add by reference: bob proposes carol, alice commits the reference", async () => {
    const group = await RealGroup.create("alice")
    await acceptAndCompare(
      group,
      await group.commit("alice", [
        { proposalType: "add", add: { keyPackage: await group.invite("bob") } },
      ]),
    )
    const proposal = await group.propose("bob", {
      proposalType: "add",
      add: { keyPackage: await group.invite("carol") },
    })
    const afterProposal = await acceptAndCompare(group, proposal)
    expect(afterProposal.leaves).toEqual(["alice", "bob"])
    expect(afterProposal.proposals).toHaveLength(1)
    expect(afterProposal.proposals[0]?.change).toEqual({ kind: "add", identity: "carol" })

    const decoded = decodeMlsMessage(proposal.bytes, 0)?.[0]
    if (decoded?.wireformat !== "mls_public_message") throw new Error("not public")
    const tsMlsRef = await makeProposalRef(
      {
        wireformat: "mls_public_message",
        content: decoded.publicMessage.content,
        auth: decoded.publicMessage.auth,
      },
      group.cs.hash,
    )
    expect(afterProposal.proposals[0]?.ref).toBe(Buffer.from(tsMlsRef).toString("hex"))

    const commit = await group.commit("alice")
    const decodedCommit = decodeMlsMessage(commit.bytes, 0)?.[0]
    if (decodedCommit?.wireformat !== "mls_public_message") throw new Error("not public")
    const content = decodedCommit.publicMessage.content
    if (content.contentType !== "commit") throw new Error("not a commit")
    expect(content.commit.proposals.map((p) => p.proposalOrRefType)).toEqual(["reference"])

    const roster = await acceptAndCompare(group, commit)
    expect(roster.leaves).toEqual(["alice", "bob", "carol"])
    expect(roster.proposals).toEqual([])
    expect(roster.epoch).toBe(2)
  })

  it("follows a remove: the leaf is blanked, members keep their indexes", async () => {
    const group = await aliceBobCarol()
    const roster = await acceptAndCompare(
      group,
      await group.commit("alice", [{ proposalType: "remove", remove: { removed: 1 } }]),
    )
    expect(roster.leaves).toEqual(["alice", null, "carol"])
    expect(rosterHas(roster, "bob")).toBe(false)
  })

  it("puts an add after a remove into the blank leaf", async () => {
    const group = await aliceBobCarol()
    await acceptAndCompare(
      group,
      await group.commit("alice", [{ proposalType: "remove", remove: { removed: 1 } }]),
    )
    const roster = await acceptAndCompare(
      group,
      await group.commit("carol", [
        { proposalType: "add", add: { keyPackage: await group.invite("dave") } },
      ]),
    )
    expect(roster.leaves).toEqual(["alice", "dave", "carol"])
  })

  it("applies a commit's removes before its adds, so one commit can remove bob and seat dave at leaf 1", async () => {
    const group = await aliceBobCarol()
    const roster = await acceptAndCompare(
      group,
      await group.commit("alice", [
        { proposalType: "add", add: { keyPackage: await group.invite("dave") } },
        { proposalType: "remove", remove: { removed: 1 } },
      ]),
    )
    expect(roster.leaves).toEqual(["alice", "dave", "carol"])
  })

  it("truncates trailing blank leaves, so the next add lands right after the last member", async () => {
    const group = await aliceBobCarol()
    const removed = await acceptAndCompare(
      group,
      await group.commit("alice", [{ proposalType: "remove", remove: { removed: 2 } }]),
    )
    expect(removed.leaves).toEqual(["alice", "bob"])
    const removedBoth = await acceptAndCompare(
      group,
      await group.commit("alice", [{ proposalType: "remove", remove: { removed: 1 } }]),
    )
    expect(removedBoth.leaves).toEqual(["alice"])
    const added = await acceptAndCompare(
      group,
      await group.commit("alice", [
        { proposalType: "add", add: { keyPackage: await group.invite("dave") } },
      ]),
    )
    expect(added.leaves).toEqual(["alice", "dave"])
  })

  it("follows an external join into the leftmost blank leaf", async () => {
    const group = await aliceBobCarol()
    await acceptAndCompare(
      group,
      await group.commit("alice", [{ proposalType: "remove", remove: { removed: 1 } }]),
    )
    const joined = await acceptAndCompare(group, await group.externalJoin("dave", "carol"))
    expect(joined.leaves).toEqual(["alice", "dave", "carol"])
    const joinedAgain = await acceptAndCompare(group, await group.externalJoin("bob", "alice"))
    expect(joinedAgain.leaves).toEqual(["alice", "dave", "carol", "bob"])
  })

  it("moves only the epoch on a self-update commit", async () => {
    const group = await aliceBobCarol()
    const before = group.roster
    const roster = await acceptAndCompare(group, await group.commit("bob"))
    expect(roster).toEqual({ ...before, epoch: before.epoch + 1, seq: before.seq + 1 })
  })

  it("moves only seq on application messages", async () => {
    const group = await aliceBobCarol()
    const before = group.roster
    await acceptAndCompare(group, await group.send("carol", "hello"))
    const roster = await acceptAndCompare(group, await group.send("alice", "hi carol"))
    expect(roster).toEqual({ ...before, seq: before.seq + 2 })
  })

  it("does not remember a proposal of a past epoch, and moves seq", async () => {
    const group = await aliceBobCarol()
    const stale = await group.propose("bob", { proposalType: "remove", remove: { removed: 2 } })
    await acceptAndCompare(group, await group.commit("alice"))
    const roster = await followEntry(group.roster, { seq: group.seq + 1, message: stale.bytes })
    expect(roster).toEqual({ ...group.roster, seq: group.seq + 1 })
  })

  it("refuses a PrivateMessage commit with UnfollowableCommitError and changes nothing", async () => {
    const group = await aliceBobCarol()
    const before = structuredClone(group.roster)
    const commit = await group.commit(
      "alice",
      [{ proposalType: "remove", remove: { removed: 1 } }],
      false,
    )
    await expectUnfollowable(group.accept(commit), /PrivateMessage commit/)
    expect(group.roster).toEqual(before)
    expect(group.seq).toBe(before.seq)
  })

  it("refuses a commit referencing a proposal it never saw (a PrivateMessage proposal)", async () => {
    const group = await aliceBobCarol()
    const hidden = await group.propose(
      "bob",
      { proposalType: "remove", remove: { removed: 2 } },
      false,
    )
    const roster = await acceptAndCompare(group, hidden)
    expect(roster.proposals).toEqual([])
    const commit = await group.commit("alice")
    await expectUnfollowable(group.accept(commit), /never saw/)
  })

  it("refuses a commit for an epoch other than the roster's", async () => {
    const group = await aliceBobCarol()
    const stale = await group.commit("bob")
    await acceptAndCompare(group, await group.commit("alice"))
    await expectUnfollowable(
      followEntry(group.roster, { seq: group.seq + 1, message: stale.bytes }),
      /epoch 1 while the roster is at epoch 2/,
    )
  })

  it("refuses a commit from a leaf the roster holds no member at", async () => {
    const group = await aliceBobCarol()
    const commit = await group.commit("carol")
    const shrunk: Roster = { ...group.roster, leaves: ["alice", "bob"] }
    await expectUnfollowable(
      followEntry(shrunk, { seq: group.seq + 1, message: commit.bytes }),
      /leaf 2 holds no member/,
    )
  })

  it("refuses a commit removing a blank leaf", async () => {
    const group = await aliceBobCarol()
    const commit = await group.commit("alice", [{ proposalType: "remove", remove: { removed: 1 } }])
    const bobGone: Roster = { ...group.roster, leaves: ["alice", null, "carol"] }
    await expectUnfollowable(
      followEntry(bobGone, { seq: group.seq + 1, message: commit.bytes }),
      /removes leaf 1/,
    )
  })

  it("refuses adding a member whose credential is not basic", async () => {
    const group = await aliceBobCarol()
    const x509 = await generateKeyPackage(
      { credentialType: "x509", certificates: [new Uint8Array([1, 2, 3])] },
      defaultCapabilities(),
      defaultLifetime,
      [],
      group.cs,
    )
    const commit = await group.commit("alice", [
      { proposalType: "add", add: { keyPackage: x509.publicPackage } },
    ])
    await expectUnfollowable(group.accept(commit), /non-basic credential/)
  })

  it("refuses adding a member whose basic identity is not UTF-8", async () => {
    const group = await aliceBobCarol()
    const binary = await generateKeyPackage(
      { credentialType: "basic", identity: new Uint8Array([0xff, 0xfe, 0x00]) },
      defaultCapabilities(),
      defaultLifetime,
      [],
      group.cs,
    )
    const proposal = await group.propose("bob", {
      proposalType: "add",
      add: { keyPackage: binary.publicPackage },
    })
    await expectUnfollowable(group.accept(proposal), /not UTF-8/)
  })

  it("refuses a commit whose UpdatePath changes the committer's identity", async () => {
    const group = await aliceBobCarol()
    const commit = await group.commit("bob")
    const decoded = decodeMlsMessage(commit.bytes, 0)?.[0]
    if (decoded?.wireformat !== "mls_public_message") throw new Error("not public")
    const content = decoded.publicMessage.content
    if (content.contentType !== "commit" || content.commit.path === undefined)
      throw new Error("no path")
    content.commit.path.leafNode.credential = {
      credentialType: "basic",
      identity: new TextEncoder().encode("carol"),
    }
    const forged = encodeMlsMessage(decoded)
    await expectUnfollowable(
      followEntry(group.roster, { seq: group.seq + 1, message: forged }),
      /leaf 1 would change its credential identity/,
    )
  })

  it("refuses an entry seq at or below the roster's seq with INVALID_INPUT", async () => {
    const group = await aliceBobCarol()
    const message = (await group.send("alice", "again")).bytes
    await expectMlskitError(
      followEntry(group.roster, { seq: group.roster.seq, message }),
      "INVALID_INPUT",
    )
    await expectMlskitError(followEntry(group.roster, { seq: 1.5, message }), "INVALID_INPUT")
  })

  it("is pure: the roster passed in is never changed", async () => {
    const group = await aliceBobCarol()
    const before = group.roster
    const frozen = structuredClone(before)
    const proposal = await group.propose("bob", { proposalType: "remove", remove: { removed: 2 } })
    await group.accept(proposal)
    await group.accept(await group.commit("alice"))
    expect(before).toEqual(frozen)
    expect(group.roster.leaves).toEqual(["alice", "bob"])
  })

  it("follows a whole history with alice, bob, carol and dave", async () => {
    const group = await RealGroup.create("alice")
    const invite = async (name: string) => ({
      proposalType: "add" as const,
      add: { keyPackage: await group.invite(name) },
    })
    await acceptAndCompare(group, await group.commit("alice", [await invite("bob")]))
    await acceptAndCompare(group, await group.send("alice", "carol is coming"))
    await acceptAndCompare(group, await group.propose("bob", await invite("carol")))
    await acceptAndCompare(group, await group.commit("bob"))
    await acceptAndCompare(
      group,
      await group.propose("carol", { proposalType: "remove", remove: { removed: 0 } }),
    )
    await acceptAndCompare(group, await group.commit("bob", [await invite("dave")]))
    expect(group.roster.leaves).toEqual(["dave", "bob", "carol"])
    await acceptAndCompare(group, await group.commit("dave"))
    await acceptAndCompare(group, await group.externalJoin("alice", "carol"))
    expect(group.roster.leaves).toEqual(["dave", "bob", "carol", "alice"])
    expect(group.roster.epoch).toBe(5)
    expect(group.roster.seq).toBe(8)
  })
})

describe("newRoster", () => {
  it("refuses an unknown ciphersuite or an empty creator with INVALID_INPUT", async () => {
    await expectMlskitError(
      Promise.resolve().then(() => newRoster(0, "alice")),
      "INVALID_INPUT",
    )
    await expectMlskitError(
      Promise.resolve().then(() => newRoster(1.5, "alice")),
      "INVALID_INPUT",
    )
    await expectMlskitError(
      Promise.resolve().then(() => newRoster(SUITE, "")),
      "INVALID_INPUT",
    )
  })
})
