/** Contract section: the epoch fence (first commit for an epoch wins, also under races). */
import { describe, expect, it } from "vitest"
import { CommitConflictError } from "../errors.js"
import type { AppendResult } from "../group-log.js"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import {
  applicationMessage,
  commitMessage,
  proposalMessage,
  publicMessage,
  testGroupId,
} from "./messages.js"

const G = testGroupId(1)

/** How many distinct commits race for one epoch. */
const RACERS = 16

/** Declares the epoch fence tests of the group log contract. */
export function fenceContract(ctx: ContractContext): void {
  describe("epoch fence", () => {
    it("refuses a second commit for an epoch with CommitConflictError naming the winner", async () => {
      const log = await ctx.open()
      await log.append(G, applicationMessage(G, 0, 1))
      const winner = await log.append(G, commitMessage(G, 0, 1))
      const error = await expectMlskitError(log.append(G, commitMessage(G, 0, 2)), "CONFLICT")
      expect(error).toBeInstanceOf(CommitConflictError)
      expect((error as CommitConflictError).winnerSeq).toBe(winner.seq)
      expect((error as CommitConflictError).epoch).toBe(0)
      expect(await log.head(G)).toEqual({ lastSeq: 2, oldestSeq: 1 })
    })

    it("fences public and private commits alike", async () => {
      const log = await ctx.open()
      const winner = await log.append(G, commitMessage(G, 3, 1, { public: true }))
      const error = await expectMlskitError(log.append(G, commitMessage(G, 3, 2)), "CONFLICT")
      expect((error as CommitConflictError).winnerSeq).toBe(winner.seq)
      const ext = publicMessage(G, 3, "commit", 3, { senderType: "new_member_commit" })
      await expectMlskitError(log.append(G, ext), "CONFLICT")
    })

    it("fences each epoch on its own", async () => {
      const log = await ctx.open()
      const e0 = await log.append(G, commitMessage(G, 0, 1))
      const e1 = await log.append(G, commitMessage(G, 1, 2))
      const late0 = await expectMlskitError(log.append(G, commitMessage(G, 0, 3)), "CONFLICT")
      const late1 = await expectMlskitError(log.append(G, commitMessage(G, 1, 4)), "CONFLICT")
      expect((late0 as CommitConflictError).winnerSeq).toBe(e0.seq)
      expect((late1 as CommitConflictError).winnerSeq).toBe(e1.seq)
      expect((await log.append(G, commitMessage(G, 2, 5))).seq).toBe(3)
    })

    it("appends proposals and application messages freely, before and after an epoch's commit", async () => {
      const log = await ctx.open()
      await log.append(G, proposalMessage(G, 0, 1))
      await log.append(G, proposalMessage(G, 0, 2))
      await log.append(G, applicationMessage(G, 0, 3))
      await log.append(G, commitMessage(G, 0, 4))
      await log.append(G, proposalMessage(G, 0, 5))
      await log.append(G, applicationMessage(G, 0, 6))
      await log.append(G, applicationMessage(G, 1, 7))
      const kinds = (await log.read(G)).map((e) => e.kind)
      expect(kinds).toEqual([
        "proposal",
        "proposal",
        "application",
        "commit",
        "proposal",
        "application",
        "application",
      ])
    })

    it(`lets exactly one of ${RACERS} racing commits for an epoch win`, async () => {
      const log = await ctx.open()
      await log.append(G, commitMessage(G, 0, 999))
      const racers = Array.from({ length: RACERS }, (_, i) => commitMessage(G, 1, i))
      const outcomes = await Promise.allSettled(racers.map((m) => log.append(G, m)))
      const won = outcomes.filter(
        (o): o is PromiseFulfilledResult<AppendResult> => o.status === "fulfilled",
      )
      expect(won).toHaveLength(1)
      const winner = won[0]?.value as AppendResult
      expect(winner.duplicate).toBe(false)
      for (const o of outcomes) {
        if (o.status === "fulfilled") continue
        expect(o.reason).toBeInstanceOf(CommitConflictError)
        expect((o.reason as CommitConflictError).winnerSeq).toBe(winner.seq)
      }
      const commits = (await log.read(G)).filter((e) => e.kind === "commit" && e.epoch === 1)
      expect(commits.map((e) => e.seq)).toEqual([winner.seq])
      const index = outcomes.findIndex((o) => o.status === "fulfilled")
      expect(commits[0]?.message).toEqual(racers[index])
    })

    it("keeps one commit per epoch when commits for several epochs race with messages", async () => {
      const log = await ctx.open()
      const jobs: Promise<unknown>[] = []
      for (let i = 0; i < 40; i++) {
        const epoch = i % 4
        jobs.push(log.append(G, commitMessage(G, epoch, i)).catch(() => undefined))
        jobs.push(log.append(G, applicationMessage(G, epoch, i)))
      }
      await Promise.all(jobs)
      const entries = await log.read(G, { limit: 1000 })
      const commitEpochs = entries.filter((e) => e.kind === "commit").map((e) => e.epoch)
      expect(commitEpochs.sort((a, b) => a - b)).toEqual([0, 1, 2, 3])
      expect(entries.filter((e) => e.kind === "application")).toHaveLength(40)
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    })

    it("keeps the fence after retention trims the winning commit", async () => {
      const log = await ctx.open({ retention: { maxEntries: 2 } })
      const winner = await log.append(G, commitMessage(G, 0, 1))
      for (let i = 0; i < 3; i++) await log.append(G, applicationMessage(G, 1, i))
      expect((await log.head(G)).oldestSeq).toBeGreaterThan(winner.seq)
      const error = await expectMlskitError(log.append(G, commitMessage(G, 0, 2)), "CONFLICT")
      expect((error as CommitConflictError).winnerSeq).toBe(winner.seq)
      expect((await log.head(G)).lastSeq).toBe(4)
    })
  })
}
