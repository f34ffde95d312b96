/** Contract section: dedupe of retried appends (by dedupeId, before the fence, under races). */
import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { applicationMessage, commitMessage, testGroupId } from "./messages.js"

const G = testGroupId(1)
const H = testGroupId(2)

/** How many copies of one append race. */
const RETRIES = 12

/** Declares the dedupe tests of the group log contract. */
export function dedupeContract(ctx: ContractContext): void {
  describe("dedupe", () => {
    it("uses the base64url SHA-256 of the message as the default dedupeId", async () => {
      const log = await ctx.open()
      const message = applicationMessage(G, 0, 1)
      const result = await log.append(G, message)
      expect(result.dedupeId).toBe(createHash("sha256").update(message).digest("base64url"))
      expect((await log.read(G))[0]?.dedupeId).toBe(result.dedupeId)
    })

    it("answers a retried append with the original seq and appends nothing", async () => {
      const log = await ctx.open()
      const message = applicationMessage(G, 0, 1)
      const first = await log.append(G, message)
      await log.append(G, applicationMessage(G, 0, 2))
      const again = await log.append(G, message)
      expect(again).toEqual({ ...first, duplicate: true })
      expect(await log.head(G)).toEqual({ lastSeq: 2, oldestSeq: 1 })
    })

    it("answers a retried winning commit with its seq, though a new copy would be fenced", async () => {
      const log = await ctx.open()
      const commit = commitMessage(G, 0, 1)
      const first = await log.append(G, commit)
      await log.append(G, applicationMessage(G, 1, 1))
      const again = await log.append(G, commit)
      expect(again).toEqual({ ...first, duplicate: true })
      expect((await log.head(G)).lastSeq).toBe(2)
    })

    it("dedupes by the caller's dedupeId whatever the bytes", async () => {
      const log = await ctx.open()
      const first = await log.append(G, applicationMessage(G, 0, 1), { dedupeId: "send-1" })
      const again = await log.append(G, applicationMessage(G, 0, 2), { dedupeId: "send-1" })
      expect(first.dedupeId).toBe("send-1")
      expect(again).toEqual({ ...first, duplicate: true })
      expect((await log.read(G)).map((e) => e.message)).toEqual([applicationMessage(G, 0, 1)])
    })

    it("keeps dedupe ids per group", async () => {
      const log = await ctx.open()
      await log.append(G, applicationMessage(G, 0, 1), { dedupeId: "same" })
      const other = await log.append(H, applicationMessage(H, 0, 1), { dedupeId: "same" })
      expect(other.duplicate).toBe(false)
      expect(other.seq).toBe(1)
    })

    it(`appends ${RETRIES} racing retries of one commit exactly once`, async () => {
      const log = await ctx.open()
      const commit = commitMessage(G, 0, 1)
      const results = await Promise.all(
        Array.from({ length: RETRIES }, () => log.append(G, commit.slice())),
      )
      expect(new Set(results.map((r) => r.seq)).size).toBe(1)
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
      expect(await log.read(G)).toHaveLength(1)
    })

    it(`appends ${RETRIES} racing retries of one message exactly once, beside other messages`, async () => {
      const log = await ctx.open()
      const message = applicationMessage(G, 0, 1)
      const jobs = []
      for (let i = 0; i < RETRIES; i++) {
        jobs.push(log.append(G, message.slice()))
        jobs.push(log.append(G, applicationMessage(G, 0, 100 + i)))
      }
      const results = await Promise.all(jobs)
      const retried = results.filter((_, i) => i % 2 === 0)
      expect(new Set(retried.map((r) => r.seq)).size).toBe(1)
      expect(retried.filter((r) => !r.duplicate)).toHaveLength(1)
      expect(await log.read(G, { limit: 1000 })).toHaveLength(RETRIES + 1)
    })

    it("still answers a retried winning commit after retention trimmed it", async () => {
      const log = await ctx.open({ retention: { maxEntries: 1 } })
      const commit = commitMessage(G, 0, 1)
      const first = await log.append(G, commit)
      await log.append(G, applicationMessage(G, 1, 1))
      await log.append(G, applicationMessage(G, 1, 2))
      const again = await log.append(G, commit)
      expect(again).toEqual({ ...first, duplicate: true })
      expect((await log.head(G)).lastSeq).toBe(3)
    })
  })
}
