/** InMemoryGroupLog with a real ts-mls group's messages, and its own options. */
import { beforeAll, describe, expect, it } from "vitest"
import { type CommitConflictError, InMemoryGroupLog } from "../src/index.js"
import { expectMlskitError } from "../src/testing/expect-error.js"
import { makeRealMessages, type RealMessages } from "./real-messages.js"

let real: RealMessages
beforeAll(async () => {
  real = await makeRealMessages()
})

describe("InMemoryGroupLog with a real group", () => {
  it("logs the add, the message and the proposal, then lets one of two commits for epoch 1 win", async () => {
    const log = new InMemoryGroupLog()
    const g = real.groupId
    await log.append(g, real.publicAddCommit)
    await log.append(g, real.application)
    await log.append(g, real.proposal)
    const [a, b] = real.privateCommits
    const winner = await log.append(g, a)
    const error = await expectMlskitError(log.append(g, b), "CONFLICT")
    expect((error as CommitConflictError).winnerSeq).toBe(winner.seq)
    const entries = await log.read(g)
    expect(entries.map((e) => [e.seq, e.kind, e.epoch])).toEqual([
      [1, "commit", 0],
      [2, "application", 1],
      [3, "proposal", 1],
      [4, "commit", 1],
    ])
    expect(entries[3]?.message).toEqual(a)
  })

  it("refuses the Welcome, the key package and the GroupInfo: they are not log entries", async () => {
    const log = new InMemoryGroupLog()
    for (const bytes of [real.welcome, real.keyPackage, real.groupInfo]) {
      await expectMlskitError(log.append(real.groupId, bytes), "INVALID_MESSAGE")
    }
    expect(await log.head(real.groupId)).toEqual({ lastSeq: 0, oldestSeq: 1 })
  })
})

describe("InMemoryGroupLog options", () => {
  it("refuses a bad retention or size limit at construction with INVALID_INPUT", async () => {
    const make = (build: () => unknown) =>
      expectMlskitError(Promise.resolve().then(build), "INVALID_INPUT")
    await make(() => new InMemoryGroupLog({ retention: { maxEntries: 0 } }))
    await make(() => new InMemoryGroupLog({ retention: { maxAgeMs: 1.5 } }))
    await make(() => new InMemoryGroupLog({ maxMessageBytes: 3 }))
  })
})
