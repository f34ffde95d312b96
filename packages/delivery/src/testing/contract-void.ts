/** Contract section: voiding an invalid winning commit reopens its epoch's slot. */
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { applicationMessage, commitMessage, proposalMessage, testGroupId } from "./messages.js"

const G = testGroupId(1)
const H = testGroupId(2)

/** Declares the voiding tests of the group log contract. */
export function voidContract(ctx: ContractContext): void {
  describe("voiding an invalid winner", () => {
    it("reopens the epoch: the next commit for it wins", async () => {
      const log = await ctx.open()
      const bad = await log.append(G, commitMessage(G, 0, 1))
      await expectMlskitError(log.append(G, commitMessage(G, 0, 2)), "CONFLICT")
      await log.voidCommit(G, bad.seq)
      const good = await log.append(G, commitMessage(G, 0, 2))
      expect(good.seq).toBe(2)
      await expectMlskitError(log.append(G, commitMessage(G, 0, 3)), "CONFLICT")
    })

    it("hides the voided entry from readers and never reuses its seq", async () => {
      const log = await ctx.open()
      await log.append(G, applicationMessage(G, 0, 1))
      const bad = await log.append(G, commitMessage(G, 0, 1))
      await log.append(G, applicationMessage(G, 0, 2))
      await log.voidCommit(G, bad.seq)
      expect((await log.read(G)).map((e) => e.seq)).toEqual([1, 3])
      expect((await log.read(G, { after: 1, limit: 1 })).map((e) => e.seq)).toEqual([3])
      expect((await log.append(G, commitMessage(G, 0, 2))).seq).toBe(4)
      expect(await log.head(G)).toEqual({ lastSeq: 4, oldestSeq: 1 })
    })

    it("answers a retry of a voided commit as voided and does not let it retake the slot", async () => {
      const log = await ctx.open()
      const commit = commitMessage(G, 0, 1)
      const bad = await log.append(G, commit)
      await log.voidCommit(G, bad.seq)
      const retry = await log.append(G, commit)
      expect(retry).toEqual({ ...bad, duplicate: true, voided: true })
      expect((await log.append(G, commitMessage(G, 0, 2))).duplicate).toBe(false)
    })

    it("reopens only the voided commit's epoch", async () => {
      const log = await ctx.open()
      await log.append(G, commitMessage(G, 0, 1))
      const e1 = await log.append(G, commitMessage(G, 1, 1))
      await log.append(H, commitMessage(H, 1, 1))
      await log.voidCommit(G, e1.seq)
      await expectMlskitError(log.append(G, commitMessage(G, 0, 2)), "CONFLICT")
      await expectMlskitError(log.append(H, commitMessage(H, 1, 2)), "CONFLICT")
      expect((await log.append(G, commitMessage(G, 1, 2))).duplicate).toBe(false)
    })

    it("treats voiding a voided commit again as done", async () => {
      const log = await ctx.open()
      const bad = await log.append(G, commitMessage(G, 0, 1))
      await log.voidCommit(G, bad.seq)
      const good = await log.append(G, commitMessage(G, 0, 2))
      await log.voidCommit(G, bad.seq)
      await expectMlskitError(log.append(G, commitMessage(G, 0, 3)), "CONFLICT")
      expect((await log.read(G)).map((e) => e.seq)).toEqual([good.seq])
    })

    it("refuses to void a proposal or an application message with INVALID_INPUT", async () => {
      const log = await ctx.open()
      const p = await log.append(G, proposalMessage(G, 0, 1))
      const a = await log.append(G, applicationMessage(G, 0, 1))
      await expectMlskitError(log.voidCommit(G, p.seq), "INVALID_INPUT")
      await expectMlskitError(log.voidCommit(G, a.seq), "INVALID_INPUT")
      expect((await log.read(G)).map((e) => e.seq)).toEqual([1, 2])
    })

    it("refuses an unknown seq or group with NOT_FOUND", async () => {
      const log = await ctx.open()
      await log.append(G, commitMessage(G, 0, 1))
      await expectMlskitError(log.voidCommit(G, 2), "NOT_FOUND")
      await expectMlskitError(log.voidCommit(H, 1), "NOT_FOUND")
    })

    it("refuses a commit that retention trimmed with NOT_FOUND and keeps its fence", async () => {
      const log = await ctx.open({ retention: { maxEntries: 1 } })
      const old = await log.append(G, commitMessage(G, 0, 1))
      await log.append(G, applicationMessage(G, 1, 1))
      await expectMlskitError(log.voidCommit(G, old.seq), "NOT_FOUND")
      await expectMlskitError(log.append(G, commitMessage(G, 0, 2)), "CONFLICT")
    })
  })
}
