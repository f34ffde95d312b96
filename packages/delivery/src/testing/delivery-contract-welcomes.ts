/**
 * Contract section: Welcomes waiting for external identities (kept once per
 * (identity, id), listed oldest first, deleted by their addressee, trimmed
 * by age, never shown to another identity), and their bad input.
 */
import { type MlsStore, toBase64Url } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import type { DeliveryStore, WelcomeRecord } from "../delivery-store.js"
import {
  DEFAULT_WELCOME_LIST_LIMIT,
  MAX_WELCOME_BYTES,
  MAX_WELCOME_ID_LENGTH,
  MAX_WELCOME_LIST_LIMIT,
} from "../delivery-store-arguments.js"
import { MAX_GROUP_ID_BYTES } from "../group-key.js"
import {
  createIdentities,
  type DeliveryContractContext,
  isPlainBytes,
  mlsGroupIdOf,
  sameBytes,
  T0,
  warmUp,
} from "./delivery-contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { seededBytes } from "./messages.js"

const A = "alice"
const B = "bob"
/** How many puts of one Welcome race in the concurrency test. */
const CONCURRENT = 10

/** Welcome n of `identityId`: id `w<n>`, created n ms after T0, distinct bytes. */
export function welcomeRecord(
  identityId: string,
  n: number,
  overrides: Partial<WelcomeRecord> = {},
): WelcomeRecord {
  return {
    id: `w${n}`,
    identityId,
    mlsGroupId: mlsGroupIdOf(n % 3),
    welcome: seededBytes(n * 17 + identityId.length, 40 + (n % 5)),
    createdAt: T0 + n,
    ...overrides,
  }
}

const ids = (welcomes: WelcomeRecord[]) => welcomes.map((w) => w.id)

/** Everything a caller can see of both identities' Welcomes, as one comparable string. */
async function welcomeSnapshot(delivery: DeliveryStore): Promise<string> {
  const parts = []
  for (const id of [A, B]) {
    const held = await delivery.listWelcomes(id, { limit: MAX_WELCOME_LIST_LIMIT })
    parts.push(
      held.map((w) => ({
        ...w,
        mlsGroupId: toBase64Url(w.mlsGroupId),
        welcome: toBase64Url(w.welcome),
      })),
    )
  }
  return JSON.stringify(parts)
}

/** Stores holding identities A and B with three Welcomes each. */
async function seeded(ctx: DeliveryContractContext): Promise<{
  store: MlsStore
  delivery: DeliveryStore
}> {
  const { store, delivery } = await ctx.open()
  await createIdentities(store, A, B)
  for (const id of [A, B]) {
    for (let n = 1; n <= 3; n++) await delivery.putWelcome(welcomeRecord(id, n))
  }
  return { store, delivery }
}

/** Welcome records that must be refused, each with what is wrong with it. */
function badWelcomes(): [string, unknown][] {
  const good = welcomeRecord(A, 9)
  const bad = (field: keyof WelcomeRecord, value: unknown): [string, unknown] => [
    `${field} ${typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : String(value)}`,
    { ...good, [field]: value },
  ]
  const { welcome: _, ...withoutWelcome } = good
  return [
    ["null", null],
    ["a string", "welcome"],
    ["no welcome", withoutWelcome],
    bad("id", ""),
    bad("id", "w".repeat(MAX_WELCOME_ID_LENGTH + 1)),
    bad("id", "a=="),
    bad("id", "a+b"),
    bad("id", "a/b"),
    bad("id", "a b"),
    bad("id", "a\0b"),
    bad("id", 5),
    bad("id", undefined),
    bad("identityId", ""),
    bad("identityId", 7),
    bad("identityId", "a\0b"),
    bad("identityId", "a".repeat(256)),
    bad("mlsGroupId", "abc"),
    bad("mlsGroupId", new Uint8Array(0)),
    bad("mlsGroupId", new Uint8Array(MAX_GROUP_ID_BYTES + 1)),
    bad("mlsGroupId", [1, 2]),
    bad("welcome", new Uint8Array(0)),
    bad("welcome", new Uint8Array(MAX_WELCOME_BYTES + 1)),
    bad("welcome", "bytes"),
    bad("welcome", [1, 2, 3]),
    bad("welcome", new ArrayBuffer(4)),
    bad("welcome", new Uint16Array(2)),
    bad("welcome", null),
    bad("createdAt", -1),
    bad("createdAt", 1.5),
    bad("createdAt", Number.NaN),
    bad("createdAt", "1"),
    bad("createdAt", 2 ** 53),
    bad("createdAt", undefined),
  ]
}

/** Declares the Welcome tests of the DeliveryStore contract. */
export function welcomeContract(ctx: DeliveryContractContext): void {
  describe("welcomes", () => {
    it("lists every field of an identity's Welcomes, oldest first, then by id in code-unit order", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      // "-" < "9" < "B" < "_" < "b" in code units, not in a locale's order
      const tied = ["b", "_", "B", "9", "-"].map((id) => welcomeRecord(A, 5, { id }))
      const records = [
        welcomeRecord(A, 7, { welcome: new Uint8Array([1]) }),
        ...tied,
        welcomeRecord(A, 2, { id: "z".repeat(MAX_WELCOME_ID_LENGTH), createdAt: 0 }),
        welcomeRecord(A, 3, { createdAt: 2 ** 53 - 1 }),
      ]
      for (const r of records) expect(await delivery.putWelcome(r)).toEqual({ duplicate: false })
      const listed = await delivery.listWelcomes(A)
      expect(ids(listed)).toEqual(["z".repeat(64), "-", "9", "B", "_", "b", "w7", "w3"])
      const byId = new Map(records.map((r) => [r.id, r]))
      expect(listed).toStrictEqual(ids(listed).map((id) => byId.get(id)))
    })

    it(`keeps a Welcome of ${MAX_WELCOME_BYTES} bytes`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const welcome = seededBytes(77, MAX_WELCOME_BYTES)
      await delivery.putWelcome(welcomeRecord(A, 1, { welcome }))
      const [listed] = await delivery.listWelcomes(A)
      expect(isPlainBytes(listed?.welcome)).toBe(true)
      expect(sameBytes(listed?.welcome, welcome)).toBe(true)
    })

    it("keeps its own copies and returns plain Uint8Array copies", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const record = welcomeRecord(A, 1)
      const original = {
        ...record,
        mlsGroupId: record.mlsGroupId.slice(),
        welcome: record.welcome.slice(),
      }
      await delivery.putWelcome(record)
      record.welcome.fill(0)
      record.mlsGroupId.fill(0)
      const [first] = await delivery.listWelcomes(A)
      expect(first).toStrictEqual(original)
      expect(isPlainBytes(first?.welcome)).toBe(true)
      expect(isPlainBytes(first?.mlsGroupId)).toBe(true)
      first?.welcome.fill(7)
      first?.mlsGroupId.fill(7)
      expect(await delivery.listWelcomes(A)).toStrictEqual([original])
      const fromBuffers = welcomeRecord(A, 2, {
        mlsGroupId: Buffer.from([4, 5]),
        welcome: Buffer.from([9, 8, 7]),
      })
      await delivery.putWelcome(fromBuffers)
      const [, second] = await delivery.listWelcomes(A)
      expect(isPlainBytes(second?.welcome)).toBe(true)
      expect(isPlainBytes(second?.mlsGroupId)).toBe(true)
      expect(second?.welcome).toStrictEqual(new Uint8Array([9, 8, 7]))
      expect(second?.mlsGroupId).toStrictEqual(new Uint8Array([4, 5]))
    })

    it(`lists at most limit Welcomes, ${DEFAULT_WELCOME_LIST_LIMIT} when none is given`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const count = DEFAULT_WELCOME_LIST_LIMIT + 5
      // Put newest first, so insertion order is not the listed order.
      for (let n = count; n >= 1; n--) await delivery.putWelcome(welcomeRecord(A, n))
      const all = Array.from({ length: count }, (_, i) => `w${i + 1}`)
      expect(ids(await delivery.listWelcomes(A))).toEqual(all.slice(0, DEFAULT_WELCOME_LIST_LIMIT))
      expect(ids(await delivery.listWelcomes(A, { limit: 2 }))).toEqual(["w1", "w2"])
      expect(ids(await delivery.listWelcomes(A, { limit: 1 }))).toEqual(["w1"])
      const most = await delivery.listWelcomes(A, { limit: MAX_WELCOME_LIST_LIMIT })
      expect(ids(most)).toEqual(all)
    })

    it("answers an existing (identityId, id) with duplicate: true and writes nothing", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      const first = welcomeRecord(A, 1)
      await delivery.putWelcome(first)
      await delivery.putWelcome(welcomeRecord(A, 2))
      const before = await delivery.listWelcomes(A)
      const changed = welcomeRecord(A, 1, {
        mlsGroupId: mlsGroupIdOf(9),
        welcome: new Uint8Array([1, 2, 3]),
        createdAt: 0,
      })
      expect(await delivery.putWelcome(first)).toEqual({ duplicate: true })
      expect(await delivery.putWelcome(changed)).toEqual({ duplicate: true })
      expect(await delivery.listWelcomes(A)).toStrictEqual(before)
      expect(await delivery.putWelcome(welcomeRecord(B, 1))).toEqual({ duplicate: false })
      expect(await delivery.listWelcomes(A)).toStrictEqual(before)
    })

    it(`stores one Welcome when ${CONCURRENT} puts of the same id run at once`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await warmUp(delivery, CONCURRENT)
      const results = await Promise.all(
        Array.from({ length: CONCURRENT }, () => delivery.putWelcome(welcomeRecord(A, 1))),
      )
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
      expect(await delivery.listWelcomes(A)).toStrictEqual([welcomeRecord(A, 1)])
    })

    it("refuses a Welcome for an identity the store does not hold with NOT_FOUND and writes nothing", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await expectMlskitError(delivery.putWelcome(welcomeRecord("nobody", 1)), "NOT_FOUND")
      expect(await delivery.listWelcomes("nobody")).toEqual([])
      expect(await delivery.putWelcome(welcomeRecord(A, 1))).toEqual({ duplicate: false })
      await store.deleteIdentity(A)
      await expectMlskitError(delivery.putWelcome(welcomeRecord(A, 2)), "NOT_FOUND")
      await delivery.deleteWelcomes(A)
      expect(await delivery.listWelcomes(A)).toEqual([])
    })

    it("deletes one Welcome: true once, then false; false for unknown ids and identities", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      for (let n = 1; n <= 3; n++) await delivery.putWelcome(welcomeRecord(A, n))
      expect(await delivery.deleteWelcome(A, "w2")).toBe(true)
      expect(await delivery.deleteWelcome(A, "w2")).toBe(false)
      expect(await delivery.deleteWelcome(A, "w9")).toBe(false)
      expect(await delivery.deleteWelcome("nobody", "w1")).toBe(false)
      expect(ids(await delivery.listWelcomes(A))).toEqual(["w1", "w3"])
      expect(await delivery.putWelcome(welcomeRecord(A, 2))).toEqual({ duplicate: false })
      expect(ids(await delivery.listWelcomes(A))).toEqual(["w1", "w2", "w3"])
    })

    it("deletes every Welcome of one identity and counts them", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      for (let n = 1; n <= 3; n++) await delivery.putWelcome(welcomeRecord(A, n))
      await delivery.putWelcome(welcomeRecord(B, 1))
      expect(await delivery.deleteWelcomes(A)).toBe(3)
      expect(await delivery.deleteWelcomes(A)).toBe(0)
      expect(await delivery.deleteWelcomes("nobody")).toBe(0)
      expect(await delivery.listWelcomes(A)).toEqual([])
      expect(await delivery.listWelcomes(B)).toStrictEqual([welcomeRecord(B, 1)])
    })

    it("never shows or deletes one identity's Welcomes for another", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B, "carol")
      await delivery.putWelcome(welcomeRecord(A, 1))
      await delivery.putWelcome(welcomeRecord(A, 2))
      await delivery.putWelcome(welcomeRecord(B, 3))
      expect(ids(await delivery.listWelcomes(A))).toEqual(["w1", "w2"])
      expect(ids(await delivery.listWelcomes(B))).toEqual(["w3"])
      expect(await delivery.listWelcomes("carol")).toEqual([])
      expect(await delivery.deleteWelcome(B, "w1")).toBe(false)
      expect(await delivery.deleteWelcome("carol", "w3")).toBe(false)
      expect(await delivery.deleteWelcomes("carol")).toBe(0)
      expect(ids(await delivery.listWelcomes(A))).toEqual(["w1", "w2"])
      expect(await delivery.deleteWelcomes(B)).toBe(1)
      expect(ids(await delivery.listWelcomes(A))).toEqual(["w1", "w2"])
    })

    it("trims the Welcomes of every identity created before now - maxAgeMs", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      for (const n of [0, 10, 20, 30]) await delivery.putWelcome(welcomeRecord(A, n))
      for (const n of [5, 25]) await delivery.putWelcome(welcomeRecord(B, n))
      // The cutoff is T0 + 10: w10 was created at it and stays.
      expect(await delivery.trimWelcomes(20, T0 + 30)).toBe(2)
      expect(ids(await delivery.listWelcomes(A))).toEqual(["w10", "w20", "w30"])
      expect(ids(await delivery.listWelcomes(B))).toEqual(["w25"])
      expect(await delivery.trimWelcomes(20, T0 + 30)).toBe(0)
      expect(await delivery.trimWelcomes(1, T0)).toBe(0)
      expect(await delivery.trimWelcomes(1, T0 + 32)).toBe(4)
      expect(await delivery.listWelcomes(A)).toEqual([])
      expect(await delivery.listWelcomes(B)).toEqual([])
    })

    it("refuses malformed Welcome records with INVALID_INPUT and changes nothing", async () => {
      const { delivery } = await seeded(ctx)
      const before = await welcomeSnapshot(delivery)
      for (const [what, record] of badWelcomes()) {
        const attempt = delivery.putWelcome(record as WelcomeRecord)
        await expectMlskitError(attempt, "INVALID_INPUT").catch((error: Error) => {
          throw new Error(`putWelcome with ${what}: ${error.message}`)
        })
      }
      expect(await welcomeSnapshot(delivery)).toBe(before)
    })

    it("refuses bad identity ids, Welcome ids, limits, ages and clock readings with INVALID_INPUT", async () => {
      const { delivery } = await seeded(ctx)
      const before = await welcomeSnapshot(delivery)
      const calls: [string, () => Promise<unknown>][] = []
      for (const id of ["", 5, "x\0y", "i".repeat(256), undefined]) {
        const bad = id as string
        calls.push(
          [`listWelcomes ${String(id)}`, () => delivery.listWelcomes(bad)],
          [`deleteWelcome ${String(id)}`, () => delivery.deleteWelcome(bad, "w1")],
          [`deleteWelcomes ${String(id)}`, () => delivery.deleteWelcomes(bad)],
        )
      }
      for (const id of ["", "w=", "w+1", "w/1", "w".repeat(MAX_WELCOME_ID_LENGTH + 1), 1]) {
        calls.push([
          `deleteWelcome id ${String(id)}`,
          () => delivery.deleteWelcome(A, id as string),
        ])
      }
      for (const limit of [0, -1, 1.5, Number.NaN, MAX_WELCOME_LIST_LIMIT + 1, "5"]) {
        const bad = { limit: limit as number }
        calls.push([`limit ${String(limit)}`, () => delivery.listWelcomes(A, bad)])
      }
      // A far-off `now`: a trim that skipped its checks would delete everything.
      const late = T0 + 1_000_000
      for (const maxAgeMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "5", undefined]) {
        const bad = maxAgeMs as number
        calls.push([`maxAgeMs ${String(maxAgeMs)}`, () => delivery.trimWelcomes(bad, late)])
      }
      for (const now of [-1, 1.5, Number.NaN, 2 ** 53, "1", undefined]) {
        const bad = now as number
        calls.push([`trim now ${String(now)}`, () => delivery.trimWelcomes(1, bad)])
      }
      for (const [what, call] of calls) {
        await expectMlskitError(call(), "INVALID_INPUT").catch((error: Error) => {
          throw new Error(`${what}: ${error.message}`)
        })
      }
      expect(await welcomeSnapshot(delivery)).toBe(before)
    })
  })
}
