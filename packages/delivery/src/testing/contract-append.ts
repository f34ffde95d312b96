/** Contract section: appending and reading (seq, order, framing, copies, paging, isolation). */
import { describe, expect, it } from "vitest"
import { DEFAULT_READ_LIMIT } from "../group-log.js"
import type { ContractContext } from "./contract-context.js"
import {
  applicationMessage,
  commitMessage,
  privateMessage,
  proposalMessage,
  publicMessage,
  testGroupId,
} from "./messages.js"

const G = testGroupId(1)
const H = testGroupId(2)

/** Declares the append and read tests of the group log contract. */
export function appendContract(ctx: ContractContext): void {
  describe("append and read", () => {
    it("numbers each group's entries from seq 1, one by one", async () => {
      const log = await ctx.open()
      const seqs = []
      for (let i = 0; i < 5; i++) seqs.push((await log.append(G, applicationMessage(G, 0, i))).seq)
      expect(seqs).toEqual([1, 2, 3, 4, 5])
      expect(await log.head(G)).toEqual({ lastSeq: 5, oldestSeq: 1 })
    })

    it("takes kind and epoch from the message's own framing", async () => {
      const log = await ctx.open()
      const appended = [
        await log.append(G, publicMessage(G, 0, "commit", 1)),
        await log.append(G, privateMessage(G, 1, "commit", 2)),
        await log.append(G, publicMessage(G, 2, "proposal", 3)),
        await log.append(G, privateMessage(G, 2, "proposal", 4)),
        await log.append(G, privateMessage(G, 2, "application", 5)),
      ]
      const expected = [
        ["commit", 0],
        ["commit", 1],
        ["proposal", 2],
        ["proposal", 2],
        ["application", 2],
      ]
      expect(appended.map((r) => [r.kind, r.epoch])).toEqual(expected)
      expect(appended.every((r) => !r.duplicate && !r.voided)).toBe(true)
      const read = await log.read(G)
      expect(read.map((e) => [e.kind, e.epoch])).toEqual(expected)
    })

    it("reads the exact bytes, dedupeId and time of each entry in append order", async () => {
      const log = await ctx.open()
      const messages = [commitMessage(G, 0, 1), applicationMessage(G, 1, 2), proposalMessage(G, 1)]
      const results = []
      for (const m of messages) {
        results.push(await log.append(G, m))
        ctx.clock().advance(10)
      }
      const read = await log.read(G)
      expect(read.map((e) => e.seq)).toEqual([1, 2, 3])
      expect(read.map((e) => e.message)).toEqual(messages)
      expect(read.map((e) => e.dedupeId)).toEqual(results.map((r) => r.dedupeId))
      const t0 = ctx.clock().time - 30
      expect(read.map((e) => e.time)).toEqual([t0, t0 + 10, t0 + 20])
    })

    it("pages with a cursor and a limit", async () => {
      const log = await ctx.open()
      for (let i = 0; i < 7; i++) await log.append(G, applicationMessage(G, 0, i))
      expect((await log.read(G, { after: 0, limit: 3 })).map((e) => e.seq)).toEqual([1, 2, 3])
      expect((await log.read(G, { after: 3, limit: 3 })).map((e) => e.seq)).toEqual([4, 5, 6])
      expect((await log.read(G, { after: 6, limit: 3 })).map((e) => e.seq)).toEqual([7])
      expect(await log.read(G, { after: 7 })).toEqual([])
      expect(await log.read(G, { after: 100 })).toEqual([])
    })

    it(`reads at most ${DEFAULT_READ_LIMIT} entries when no limit is given`, async () => {
      const log = await ctx.open()
      for (let i = 0; i < DEFAULT_READ_LIMIT + 5; i++) {
        await log.append(G, applicationMessage(G, 0, i))
      }
      const read = await log.read(G)
      expect(read).toHaveLength(DEFAULT_READ_LIMIT)
      expect(read.at(-1)?.seq).toBe(DEFAULT_READ_LIMIT)
    })

    it("keeps its own copy: changing appended or read bytes does not change the log", async () => {
      const log = await ctx.open()
      const message = applicationMessage(G, 0, 1)
      const original = message.slice()
      await log.append(G, message)
      message.fill(0)
      const first = await log.read(G)
      expect(first[0]?.message).toEqual(original)
      first[0]?.message.fill(0)
      expect((await log.read(G))[0]?.message).toEqual(original)
    })

    it("reads nothing and reports head 0/1 for a group never appended to", async () => {
      const log = await ctx.open()
      await log.append(G, applicationMessage(G, 0))
      expect(await log.read(H)).toEqual([])
      expect(await log.head(H)).toEqual({ lastSeq: 0, oldestSeq: 1 })
    })

    it("keeps groups apart: seqs, entries and fences are per group", async () => {
      const log = await ctx.open()
      await log.append(G, commitMessage(G, 0, 1))
      await log.append(G, applicationMessage(G, 1, 2))
      const h = await log.append(H, commitMessage(H, 0, 1))
      expect(h.seq).toBe(1)
      expect(h.duplicate).toBe(false)
      expect((await log.read(H)).map((e) => e.message)).toEqual([commitMessage(H, 0, 1)])
      expect((await log.read(G)).map((e) => e.seq)).toEqual([1, 2])
      expect(await log.head(G)).toEqual({ lastSeq: 2, oldestSeq: 1 })
    })
  })
}
