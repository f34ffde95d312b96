/** Contract section: the inbox (cursors, order, idempotent append, paging, heads, copies). */
import { describe, expect, it } from "vitest"
import { DEFAULT_INBOX_READ_LIMIT, MAX_INBOX_READ_LIMIT } from "../delivery-store-arguments.js"
import {
  createIdentities,
  type DeliveryContractContext,
  inboxRecord,
  isPlainBytes,
  oneTo,
  T0,
  warmUp,
} from "./delivery-contract-context.js"
import { expectMlskitError } from "./expect-error.js"

const A = "alice"
const B = "bob"
/** How many appends run at once in the concurrency tests. */
const CONCURRENT = 20

const pause = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Declares the inbox tests of the DeliveryStore contract. */
export function inboxContract(ctx: DeliveryContractContext): void {
  describe("inbox", () => {
    it("numbers each identity's entries from cursor 1, independently of other identities", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      const cursors: Record<string, number[]> = { [A]: [], [B]: [] }
      for (let n = 1; n <= 4; n++) {
        for (const id of n % 2 === 0 ? [A, B] : [A]) {
          const result = await delivery.appendInbox(inboxRecord(id, n))
          expect(result.duplicate).toBe(false)
          cursors[id]?.push(result.cursor)
        }
      }
      expect(cursors).toEqual({ [A]: [1, 2, 3, 4], [B]: [1, 2] })
      expect(await delivery.inboxHead(A)).toBe(4)
      expect(await delivery.inboxHead(B)).toBe(2)
      expect(await delivery.inboxDepth(A)).toBe(4)
      expect(await delivery.inboxDepth(B)).toBe(2)
      expect((await delivery.readInbox(B)).map((e) => [e.identityId, e.seq])).toEqual([
        [B, 2],
        [B, 4],
      ])
    })

    it("reads back every field of each entry in cursor order", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const records = [
        inboxRecord(A, 7, { type: "joined", part: 0, epoch: 0, time: 5 }),
        inboxRecord(A, 7, { type: "membersAdded", part: 1, epoch: 2 ** 40 }),
        inboxRecord(A, 2 ** 53 - 1, { type: "x".repeat(32), time: 0, payload: new Uint8Array(0) }),
        inboxRecord(A, 0, { groupId: `${A}.other`, time: 2 ** 52 }),
      ]
      for (const r of records) await delivery.appendInbox(r)
      const read = await delivery.readInbox(A)
      expect(read).toStrictEqual(records.map((r, i) => ({ cursor: i + 1, ...r })))
    })

    it("reports head and depth 0 for an identity that never had an entry", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await delivery.appendInbox(inboxRecord(A, 1))
      expect(await delivery.inboxHead(B)).toBe(0)
      expect(await delivery.inboxDepth(B)).toBe(0)
      expect(await delivery.readInbox(B)).toEqual([])
      expect(await delivery.inboxHead("nobody")).toBe(0)
      expect(await delivery.readInbox("nobody")).toEqual([])
    })

    it("refuses an entry of an identity the store does not hold with NOT_FOUND and writes nothing", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await expectMlskitError(delivery.appendInbox(inboxRecord("nobody", 1)), "NOT_FOUND")
      expect(await delivery.inboxHead("nobody")).toBe(0)
      expect(await delivery.inboxDepth("nobody")).toBe(0)
      expect((await delivery.appendInbox(inboxRecord(A, 1))).cursor).toBe(1)
      await store.deleteIdentity(A)
      await expectMlskitError(delivery.appendInbox(inboxRecord(A, 2)), "NOT_FOUND")
    })

    it("answers a repeated key with the stored cursor and duplicate: true, writing nothing", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const first = inboxRecord(A, 3)
      await delivery.appendInbox(inboxRecord(A, 1))
      expect(await delivery.appendInbox(first)).toEqual({ cursor: 2, duplicate: false })
      await delivery.appendInbox(inboxRecord(A, 4))
      const before = await delivery.readInbox(A)
      const changed = inboxRecord(A, 3, {
        type: "epoch",
        epoch: 99,
        time: T0 + 9_999,
        payload: new Uint8Array([1, 2, 3]),
      })
      expect(await delivery.appendInbox(first)).toEqual({ cursor: 2, duplicate: true })
      expect(await delivery.appendInbox(changed)).toEqual({ cursor: 2, duplicate: true })
      expect(await delivery.readInbox(A)).toStrictEqual(before)
      expect(await delivery.inboxHead(A)).toBe(3)
      expect(await delivery.inboxDepth(A)).toBe(3)
    })

    it("keys idempotency on identity, group id, seq and part together", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      const base = inboxRecord(A, 5)
      const variants = [
        base,
        { ...base, part: 1 },
        { ...base, seq: 6 },
        { ...base, groupId: `${A}.another` },
        { ...base, identityId: B },
      ]
      const results = []
      for (const v of variants) results.push(await delivery.appendInbox(v))
      expect(results).toEqual([
        { cursor: 1, duplicate: false },
        { cursor: 2, duplicate: false },
        { cursor: 3, duplicate: false },
        { cursor: 4, duplicate: false },
        { cursor: 1, duplicate: false },
      ])
    })

    it(`stores one entry when ${CONCURRENT} appends of the same key run at once`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await delivery.appendInbox(inboxRecord(A, 1))
      await warmUp(delivery, CONCURRENT)
      const results = await Promise.all(
        Array.from({ length: CONCURRENT }, () => delivery.appendInbox(inboxRecord(A, 2))),
      )
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
      expect(results.every((r) => r.cursor === 2)).toBe(true)
      expect(await delivery.inboxHead(A)).toBe(2)
      expect(await delivery.inboxDepth(A)).toBe(2)
    })

    it(`shows ${CONCURRENT} concurrent appends in cursor order: a reader never skips a cursor`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await warmUp(delivery, CONCURRENT)
      const seen: number[] = []
      let appending = true
      const reader = (async () => {
        for (let after = 0; ; ) {
          const finished = !appending
          const page = await delivery.readInbox(A, { after, limit: MAX_INBOX_READ_LIMIT })
          for (const e of page) seen.push(e.cursor)
          after = page.at(-1)?.cursor ?? after
          if (finished && page.length === 0) return
          if (page.length === 0) await pause()
        }
      })()
      const results = await Promise.all(
        oneTo(CONCURRENT).flatMap((n) => [
          delivery.appendInbox(inboxRecord(A, n)),
          delivery.appendInbox(inboxRecord(B, n)),
        ]),
      )
      appending = false
      await reader
      const cursorsOf = (id: string) =>
        results
          .filter((_, i) => (i % 2 === 0 ? A : B) === id)
          .map((r) => r.cursor)
          .sort((x, y) => x - y)
      expect(cursorsOf(A)).toEqual(oneTo(CONCURRENT))
      expect(cursorsOf(B)).toEqual(oneTo(CONCURRENT))
      expect(seen).toEqual(oneTo(CONCURRENT))
    })

    it("pages with after and limit", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      for (let n = 1; n <= 7; n++) await delivery.appendInbox(inboxRecord(A, n))
      const page = async (after: number, limit: number) =>
        (await delivery.readInbox(A, { after, limit })).map((e) => e.cursor)
      expect(await page(0, 3)).toEqual([1, 2, 3])
      expect(await page(3, 3)).toEqual([4, 5, 6])
      expect(await page(6, 3)).toEqual([7])
      expect(await page(7, 3)).toEqual([])
      expect(await page(100, 1)).toEqual([])
      expect(await page(2, MAX_INBOX_READ_LIMIT)).toEqual([3, 4, 5, 6, 7])
      expect((await delivery.readInbox(A, { after: 5 })).map((e) => e.cursor)).toEqual([6, 7])
      expect((await delivery.readInbox(A, { limit: 2 })).map((e) => e.cursor)).toEqual([1, 2])
    })

    it(`reads at most ${DEFAULT_INBOX_READ_LIMIT} entries when no limit is given`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      for (let n = 1; n <= DEFAULT_INBOX_READ_LIMIT + 5; n++) {
        await delivery.appendInbox(inboxRecord(A, n))
      }
      const read = await delivery.readInbox(A)
      expect(read.map((e) => e.cursor)).toEqual(oneTo(DEFAULT_INBOX_READ_LIMIT))
      const rest = await delivery.readInbox(A, { after: DEFAULT_INBOX_READ_LIMIT })
      expect(rest).toHaveLength(5)
    })

    it("keeps its own copy of payloads and returns plain Uint8Array copies", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const record = inboxRecord(A, 1)
      const original = record.payload.slice()
      await delivery.appendInbox(record)
      record.payload.fill(0)
      const first = await delivery.readInbox(A)
      expect(isPlainBytes(first[0]?.payload)).toBe(true)
      expect(first[0]?.payload).toStrictEqual(original)
      first[0]?.payload.fill(7)
      expect((await delivery.readInbox(A))[0]?.payload).toStrictEqual(original)
      const fromBuffer = Buffer.from([9, 8, 7])
      await delivery.appendInbox(inboxRecord(A, 2, { payload: fromBuffer }))
      const [, second] = await delivery.readInbox(A)
      expect(isPlainBytes(second?.payload)).toBe(true)
      expect(second?.payload).toStrictEqual(new Uint8Array([9, 8, 7]))
    })
  })
}
