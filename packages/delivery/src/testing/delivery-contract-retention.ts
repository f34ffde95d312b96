/** Contract section: inbox retention (trim by count and age, per identity) and deleteInbox. */
import { describe, expect, it } from "vitest"
import type { DeliveryStore } from "../delivery-store.js"
import {
  createIdentities,
  type DeliveryContractContext,
  inboxRecord,
  T0,
} from "./delivery-contract-context.js"

const A = "alice"
const B = "bob"

const cursorsOf = async (delivery: DeliveryStore, id: string) =>
  (await delivery.readInbox(id, { limit: 1000 })).map((e) => e.cursor)

/** Appends entries 1..n of `id` (entry k made at T0 + k). */
async function appendMany(delivery: DeliveryStore, id: string, n: number): Promise<void> {
  for (let k = 1; k <= n; k++) await delivery.appendInbox(inboxRecord(id, k))
}

/** Declares the retention and deletion tests of the DeliveryStore contract. */
export function retentionContract(ctx: DeliveryContractContext): void {
  describe("inbox retention and deletion", () => {
    it("keeps the newest maxEntries entries of each identity", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await appendMany(delivery, A, 5)
      await appendMany(delivery, B, 2)
      expect(await delivery.trimInboxes({ maxEntries: 3 }, T0 + 10)).toBe(2)
      expect(await cursorsOf(delivery, A)).toEqual([3, 4, 5])
      expect(await cursorsOf(delivery, B)).toEqual([1, 2])
      expect(await delivery.inboxDepth(A)).toBe(3)
      expect(await delivery.trimInboxes({ maxEntries: 3 }, T0 + 10)).toBe(0)
    })

    it("trims entries whose time is before now - maxAgeMs, in every identity", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await appendMany(delivery, A, 5)
      await appendMany(delivery, B, 3)
      // cutoff T0 + 3: entries made at T0 + 1 and T0 + 2 go, T0 + 3 stays
      expect(await delivery.trimInboxes({ maxAgeMs: 100 }, T0 + 103)).toBe(4)
      expect(await cursorsOf(delivery, A)).toEqual([3, 4, 5])
      expect(await cursorsOf(delivery, B)).toEqual([3])
      expect(await delivery.trimInboxes({ maxAgeMs: 100 }, T0 + 1000)).toBe(4)
      expect(await delivery.inboxDepth(A)).toBe(0)
      expect(await delivery.inboxDepth(B)).toBe(0)
    })

    it("judges age by each entry's own time, not by its cursor", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await delivery.appendInbox(inboxRecord(A, 1, { time: T0 + 50 }))
      await delivery.appendInbox(inboxRecord(A, 2, { time: T0 }))
      await delivery.appendInbox(inboxRecord(A, 3, { time: T0 + 60 }))
      expect(await delivery.trimInboxes({ maxAgeMs: 10 }, T0 + 55)).toBe(1)
      expect(await cursorsOf(delivery, A)).toEqual([1, 3])
    })

    it("applies count and age together, whichever trims more", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await appendMany(delivery, A, 6)
      await appendMany(delivery, B, 2)
      // count keeps A's 3..6 and all of B; age (cutoff T0 + 2) removes A1 and B1
      expect(await delivery.trimInboxes({ maxEntries: 4, maxAgeMs: 10 }, T0 + 12)).toBe(3)
      expect(await cursorsOf(delivery, A)).toEqual([3, 4, 5, 6])
      expect(await cursorsOf(delivery, B)).toEqual([2])
      // now age (cutoff T0 + 5) reaches further than count
      expect(await delivery.trimInboxes({ maxEntries: 4, maxAgeMs: 10 }, T0 + 15)).toBe(3)
      expect(await cursorsOf(delivery, A)).toEqual([5, 6])
      expect(await cursorsOf(delivery, B)).toEqual([])
    })

    it("trims nothing without limits", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await appendMany(delivery, A, 3)
      expect(await delivery.trimInboxes({}, T0 + 10 ** 9)).toBe(0)
      expect(await delivery.inboxDepth(A)).toBe(3)
    })

    it("keeps the head after trimming: cursors are never reused", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await appendMany(delivery, A, 4)
      await delivery.trimInboxes({ maxEntries: 1 }, T0)
      expect(await delivery.inboxHead(A)).toBe(4)
      expect(await delivery.inboxDepth(A)).toBe(1)
      await delivery.trimInboxes({ maxAgeMs: 1 }, T0 + 10 ** 6)
      expect(await delivery.inboxHead(A)).toBe(4)
      expect(await delivery.inboxDepth(A)).toBe(0)
      expect(await delivery.readInbox(A)).toEqual([])
      expect(await delivery.appendInbox(inboxRecord(A, 9))).toEqual({ cursor: 5, duplicate: false })
      expect(await cursorsOf(delivery, A)).toEqual([5])
    })

    it("appends a trimmed entry's key anew: idempotency covers stored entries", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await appendMany(delivery, A, 2)
      await delivery.trimInboxes({ maxEntries: 1 }, T0)
      expect(await delivery.appendInbox(inboxRecord(A, 2))).toEqual({ cursor: 2, duplicate: true })
      expect(await delivery.appendInbox(inboxRecord(A, 1))).toEqual({ cursor: 3, duplicate: false })
    })

    it("deletes one identity's whole inbox, keeping its head and other inboxes", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await appendMany(delivery, A, 3)
      await appendMany(delivery, B, 2)
      expect(await delivery.deleteInbox(A)).toBe(3)
      expect(await delivery.readInbox(A)).toEqual([])
      expect(await delivery.inboxDepth(A)).toBe(0)
      expect(await delivery.inboxHead(A)).toBe(3)
      expect(await cursorsOf(delivery, B)).toEqual([1, 2])
      expect(await delivery.deleteInbox(A)).toBe(0)
      expect(await delivery.deleteInbox("nobody")).toBe(0)
      expect(await delivery.appendInbox(inboxRecord(A, 1))).toEqual({ cursor: 4, duplicate: false })
    })

    it("leaves nothing of a deleted identity's inbox once deleteInbox ran", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await appendMany(delivery, A, 3)
      await appendMany(delivery, B, 1)
      await store.deleteIdentity(A)
      expect(await delivery.deleteInbox(A)).toBeLessThanOrEqual(3)
      expect(await delivery.readInbox(A)).toEqual([])
      expect(await delivery.inboxDepth(A)).toBe(0)
      expect(await delivery.inboxDepth(B)).toBe(1)
    })
  })
}
