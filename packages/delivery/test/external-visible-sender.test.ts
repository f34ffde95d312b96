/**
 * visibleSender on real public and private messages, and on damaged bytes:
 * a typed error (or a reading) every time, never a crash. followEntry gets
 * the same damaged commits and must also answer with a typed error or a roster.
 */
import { MlskitError } from "@mlskit/core"
import { beforeAll, describe, expect, it } from "vitest"
import { followEntry, visibleSender } from "../src/index.js"
import { expectMlskitError } from "../src/testing/expect-error.js"
import { RealGroup } from "./external-group.js"

let group: RealGroup
let publicCommit: Uint8Array
let publicProposal: Uint8Array
let application: Uint8Array
let privateCommit: Uint8Array
let externalJoin: Uint8Array

beforeAll(async () => {
  group = await RealGroup.create("alice")
  const keyPackage = await group.invite("bob")
  await group.accept(await group.commit("alice", [{ proposalType: "add", add: { keyPackage } }]))
  const proposal = await group.propose("bob", { proposalType: "remove", remove: { removed: 0 } })
  publicProposal = proposal.bytes
  application = (await group.send("bob", "hello")).bytes
  privateCommit = (await group.commit("bob", [], false)).bytes
  externalJoin = (await group.externalJoin("carol", "alice")).bytes
  publicCommit = (await group.commit("bob")).bytes
})

/** Call `act`; any throw must be a typed mlskit error. */
function typedOrValue(act: () => unknown): void {
  try {
    act()
  } catch (error) {
    if (!MlskitError.isInstance(error)) throw error
    expect(["INVALID_MESSAGE", "INVALID_INPUT"]).toContain(error.code)
  }
}

describe("visibleSender", () => {
  it("shows a public commit's member sender and epoch", () => {
    expect(visibleSender(publicCommit)).toEqual({
      wireFormat: "public",
      contentType: "commit",
      epoch: 1,
      senderType: "member",
      leafIndex: 1,
    })
  })

  it("shows a public proposal's member sender", () => {
    expect(visibleSender(publicProposal)).toEqual({
      wireFormat: "public",
      contentType: "proposal",
      epoch: 1,
      senderType: "member",
      leafIndex: 1,
    })
  })

  it("shows an external commit as new_member_commit, without a leaf index", () => {
    expect(visibleSender(externalJoin)).toEqual({
      wireFormat: "public",
      contentType: "commit",
      epoch: 1,
      senderType: "new_member_commit",
    })
  })

  it("shows only content type and epoch of private messages", () => {
    expect(visibleSender(application)).toEqual({
      wireFormat: "private",
      contentType: "application",
      epoch: 1,
    })
    expect(visibleSender(privateCommit)).toEqual({
      wireFormat: "private",
      contentType: "commit",
      epoch: 1,
    })
  })

  it("refuses empty bytes and every truncation of a commit with INVALID_MESSAGE", async () => {
    for (let length = 0; length < publicCommit.length; length++) {
      await expectMlskitError(
        Promise.resolve().then(() => visibleSender(publicCommit.subarray(0, length))),
        "INVALID_MESSAGE",
      )
    }
  })

  it("refuses trailing bytes and messages that are not public or private", async () => {
    const longer = new Uint8Array(publicCommit.length + 1)
    longer.set(publicCommit)
    await expectMlskitError(
      Promise.resolve().then(() => visibleSender(longer)),
      "INVALID_MESSAGE",
    )
    const keyPackage = await group.invite("dave")
    const { encodeMlsMessage } = await import("ts-mls")
    const bytes = encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage })
    await expectMlskitError(
      Promise.resolve().then(() => visibleSender(bytes)),
      "INVALID_MESSAGE",
    )
  })

  it("answers every single-bit flip of real messages with a reading or a typed error", () => {
    for (const message of [publicCommit, publicProposal, application, externalJoin]) {
      for (let bit = 0; bit < message.length * 8; bit++) {
        const flipped = message.slice()
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
        typedOrValue(() => visibleSender(flipped))
      }
    }
  })
})

describe("followEntry on damaged bytes", () => {
  it("answers every byte flip of a commit and a proposal with a roster or a typed error", async () => {
    for (const message of [publicCommit, publicProposal]) {
      for (let index = 0; index < message.length; index++) {
        const flipped = message.slice()
        flipped[index] = (flipped[index] as number) ^ (1 << (index % 8))
        try {
          const roster = await followEntry(group.roster, { seq: group.seq + 1, message: flipped })
          expect(roster.seq).toBe(group.seq + 1)
        } catch (error) {
          if (!MlskitError.isInstance(error)) throw error
          expect(["INVALID_MESSAGE", "INVALID_INPUT"]).toContain(error.code)
        }
      }
    }
  })
})
