/** Contract section: key-package claims for the directory (order, never twice, last resort). */
import { keyPackageFixture } from "@mlskit/core/testing"
import { describe, expect, it } from "vitest"
import {
  createIdentities,
  type DeliveryContractContext,
  isPlainBytes,
  T0,
  warmUp,
} from "./delivery-contract-context.js"

const A = "alice"
const B = "bob"
/** Concurrent claims racing for PACKAGES packages. */
const CLAIMERS = 20
const PACKAGES = 5

/** Normal key packages of `id`: refs k0.., made one ms apart in ref order. */
const normals = (id: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    keyPackageFixture(id, `${id.slice(0, 1)}${i}`.padEnd(4, "0"), { createdAt: T0 + i }),
  )

/** Declares the key-package claim tests of the DeliveryStore contract. */
export function claimContract(ctx: DeliveryContractContext): void {
  describe("key-package claims", () => {
    it("hands out the oldest unclaimed package first (by createdAt, then ref), each once", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const newest = keyPackageFixture(A, "01", { createdAt: T0 + 300 })
      const oldB = keyPackageFixture(A, "0c", { createdAt: T0 + 100 })
      const oldA = keyPackageFixture(A, "ff", { createdAt: T0 + 100 })
      const oldest = keyPackageFixture(A, "fe", { createdAt: T0 })
      await store.addKeyPackages([newest, oldB, oldA, oldest])
      const claimed = []
      for (let i = 0; i < 5; i++) claimed.push(await delivery.claimKeyPackage(A, T0 + 1000 + i))
      expect(claimed).toStrictEqual([oldest, oldB, oldA, newest, undefined])
    })

    it("returns records with equal fields and plain Uint8Array bytes", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const [record] = normals(A, 1)
      await store.addKeyPackages([record!])
      const claimed = await delivery.claimKeyPackage(A, T0)
      expect(claimed).toStrictEqual(record)
      expect(isPlainBytes(claimed?.keyPackage)).toBe(true)
      expect(isPlainBytes(claimed?.sealedPrivateKeys)).toBe(true)
    })

    it("hands out the last-resort package only when no other is left, repeatedly, never claiming it", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const lastResort = keyPackageFixture(A, "00", { lastResort: true, createdAt: T0 - 1 })
      const [one, two] = normals(A, 2)
      await store.addKeyPackages([lastResort, one!, two!])
      expect(await delivery.keyPackageStock(A)).toEqual({ unclaimed: 2, lastResort: true })
      expect(await delivery.claimKeyPackage(A, T0)).toStrictEqual(one)
      expect(await delivery.claimKeyPackage(A, T0)).toStrictEqual(two)
      for (let i = 0; i < 3; i++) {
        expect(await delivery.claimKeyPackage(A, T0 + i)).toStrictEqual(lastResort)
      }
      expect(await delivery.keyPackageStock(A)).toEqual({ unclaimed: 0, lastResort: true })
      expect((await store.listKeyPackages(A)).map((p) => p.ref)).toEqual(["00", "a000", "a100"])
      const fresh = keyPackageFixture(A, "0f", { createdAt: T0 + 50 })
      await store.addKeyPackages([fresh])
      expect(await delivery.keyPackageStock(A)).toEqual({ unclaimed: 1, lastResort: true })
      expect(await delivery.claimKeyPackage(A, T0)).toStrictEqual(fresh)
      expect(await delivery.claimKeyPackage(A, T0)).toStrictEqual(lastResort)
    })

    it("lets the join consume a claimed package, and never hands out a consumed one", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const [one, two, three] = normals(A, 3)
      await store.addKeyPackages([one!, two!, three!])
      const claimed = await delivery.claimKeyPackage(A, T0)
      expect(claimed).toStrictEqual(one)
      expect(await store.getKeyPackage(one!.ref)).toStrictEqual(one)
      expect(await store.consumeKeyPackage(one!.ref)).toStrictEqual(one)
      expect(await store.getKeyPackage(one!.ref)).toBeUndefined()
      // consumed without a claim (a join by another path): not handed out either
      expect(await store.consumeKeyPackage(two!.ref)).toStrictEqual(two)
      expect(await delivery.keyPackageStock(A)).toEqual({ unclaimed: 1, lastResort: false })
      expect(await delivery.claimKeyPackage(A, T0)).toStrictEqual(three)
      expect(await delivery.claimKeyPackage(A, T0)).toBeUndefined()
      expect(await store.consumeKeyPackage(three!.ref)).toStrictEqual(three)
    })

    it("hands out only the named identity's packages and counts stock per identity", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A, B)
      await store.addKeyPackages([
        ...normals(B, 2),
        keyPackageFixture(B, "b9", { lastResort: true }),
      ])
      expect(await delivery.claimKeyPackage(A, T0)).toBeUndefined()
      expect(await delivery.keyPackageStock(A)).toEqual({ unclaimed: 0, lastResort: false })
      expect(await delivery.keyPackageStock(B)).toEqual({ unclaimed: 2, lastResort: true })
      expect((await delivery.claimKeyPackage(B, T0))?.identityId).toBe(B)
      expect(await delivery.keyPackageStock(B)).toEqual({ unclaimed: 1, lastResort: true })
      expect(await delivery.claimKeyPackage("nobody", T0)).toBeUndefined()
      expect(await delivery.keyPackageStock("nobody")).toEqual({ unclaimed: 0, lastResort: false })
    })

    it("hands out nothing of a deleted identity", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await store.addKeyPackages([
        ...normals(A, 2),
        keyPackageFixture(A, "ab", { lastResort: true }),
      ])
      await delivery.claimKeyPackage(A, T0)
      await store.deleteIdentity(A)
      expect(await delivery.claimKeyPackage(A, T0)).toBeUndefined()
      expect(await delivery.keyPackageStock(A)).toEqual({ unclaimed: 0, lastResort: false })
    })

    it(`gives ${PACKAGES} packages to exactly ${PACKAGES} of ${CLAIMERS} concurrent claims, the rest the last resort`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      const lastResort = keyPackageFixture(A, "zz", { lastResort: true })
      await store.addKeyPackages([...normals(A, PACKAGES), lastResort])
      await warmUp(delivery, CLAIMERS)
      const results = await Promise.all(
        Array.from({ length: CLAIMERS }, (_, i) => delivery.claimKeyPackage(A, T0 + i)),
      )
      const normal = results.filter((r) => r !== undefined && !r.lastResort).map((r) => r?.ref)
      expect(normal.sort()).toEqual(normals(A, PACKAGES).map((p) => p.ref))
      const rest = results.filter((r) => r === undefined || r.lastResort)
      expect(rest).toHaveLength(CLAIMERS - PACKAGES)
      expect(rest.every((r) => r?.ref === lastResort.ref)).toBe(true)
      expect(await delivery.keyPackageStock(A)).toEqual({ unclaimed: 0, lastResort: true })
    })

    it(`gives ${PACKAGES} packages to exactly ${PACKAGES} of ${CLAIMERS} concurrent claims, the rest nothing`, async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, A)
      await store.addKeyPackages(normals(A, PACKAGES))
      await warmUp(delivery, CLAIMERS)
      const results = await Promise.all(
        Array.from({ length: CLAIMERS }, () => delivery.claimKeyPackage(A, T0)),
      )
      const refs = results.flatMap((r) => (r === undefined ? [] : [r.ref]))
      expect(refs.sort()).toEqual(normals(A, PACKAGES).map((p) => p.ref))
      expect(results.filter((r) => r === undefined)).toHaveLength(CLAIMERS - PACKAGES)
    })
  })
}
