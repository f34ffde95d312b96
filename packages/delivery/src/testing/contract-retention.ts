/** Contract section: retention by count and age, and the typed fell-behind signal. */
import { describe, expect, it } from "vitest"
import { FellBehindError } from "../errors.js"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { applicationMessage, testGroupId } from "./messages.js"

const G = testGroupId(1)
const H = testGroupId(2)

/** Declares the retention tests of the group log contract. */
export function retentionContract(ctx: ContractContext): void {
  describe("retention", () => {
    it("keeps the newest maxEntries entries of each group", async () => {
      const log = await ctx.open({ retention: { maxEntries: 3 } })
      for (let i = 0; i < 5; i++) await log.append(G, applicationMessage(G, 0, i))
      await log.append(H, applicationMessage(H, 0, 1))
      expect(await log.head(G)).toEqual({ lastSeq: 5, oldestSeq: 3 })
      expect((await log.read(G, { after: 2 })).map((e) => e.seq)).toEqual([3, 4, 5])
      expect(await log.head(H)).toEqual({ lastSeq: 1, oldestSeq: 1 })
    })

    it("tells a reader whose cursor is before the oldest entry that it fell behind", async () => {
      const log = await ctx.open({ retention: { maxEntries: 3 } })
      for (let i = 0; i < 5; i++) await log.append(G, applicationMessage(G, 0, i))
      for (const after of [0, 1]) {
        const error = await expectMlskitError(log.read(G, { after }), "NOT_FOUND")
        expect(error).toBeInstanceOf(FellBehindError)
        expect(error.retryable).toBe(false)
        expect((error as FellBehindError).oldestSeq).toBe(3)
      }
    })

    it("trims entries older than maxAgeMs by the log's clock", async () => {
      const log = await ctx.open({ retention: { maxAgeMs: 1000 } })
      await log.append(G, applicationMessage(G, 0, 1))
      ctx.clock().advance(600)
      await log.append(G, applicationMessage(G, 0, 2))
      ctx.clock().advance(600)
      expect(await log.head(G)).toEqual({ lastSeq: 2, oldestSeq: 2 })
      await expectMlskitError(log.read(G), "NOT_FOUND")
      expect((await log.read(G, { after: 1 })).map((e) => e.seq)).toEqual([2])
      ctx.clock().advance(1000)
      expect(await log.read(G, { after: 2 })).toEqual([])
      expect(await log.head(G)).toEqual({ lastSeq: 2, oldestSeq: 3 })
    })

    it("keeps numbering after trimming: seq is never reused", async () => {
      const log = await ctx.open({ retention: { maxAgeMs: 10 } })
      await log.append(G, applicationMessage(G, 0, 1))
      await log.append(G, applicationMessage(G, 0, 2))
      ctx.clock().advance(100)
      const next = await log.append(G, applicationMessage(G, 0, 3))
      expect(next.seq).toBe(3)
      expect((await log.read(G, { after: 2 })).map((e) => e.seq)).toEqual([3])
    })

    it("applies count and age together, whichever trims more", async () => {
      const log = await ctx.open({ retention: { maxEntries: 4, maxAgeMs: 1000 } })
      for (let i = 0; i < 6; i++) await log.append(G, applicationMessage(G, 0, i))
      expect((await log.head(G)).oldestSeq).toBe(3)
      ctx.clock().advance(500)
      await log.append(G, applicationMessage(G, 0, 6))
      ctx.clock().advance(600)
      expect(await log.head(G)).toEqual({ lastSeq: 7, oldestSeq: 7 })
    })
  })
}
