/** Contract section: key packages (atomic batch add, list, consume, last resort, delete). */
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { identityFixture, keyPackageFixture } from "./fixtures.js"

/** How many callers race for one key package in the concurrency test. */
const RACERS = 8

/** Declares the key package tests of the store contract. */
export function keyPackageContract(ctx: ContractContext): void {
  describe("key packages", () => {
    it("returns added key packages with equal fields and identical bytes", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const normal = keyPackageFixture("alice", "0a")
      const lastResort = keyPackageFixture("alice", "0b", { lastResort: true })
      await ctx.store().addKeyPackages([normal, lastResort])
      expect(await ctx.store().getKeyPackage("0a")).toStrictEqual(normal)
      expect(await ctx.store().getKeyPackage("0b")).toStrictEqual(lastResort)
    })

    it("returns undefined for an unknown key package ref", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().addKeyPackages([keyPackageFixture("alice", "0a")])
      expect(await ctx.store().getKeyPackage("0b")).toBeUndefined()
    })

    it("accepts an empty batch", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().addKeyPackages([])
      expect(await ctx.store().listKeyPackages("alice")).toStrictEqual([])
    })

    it("adds nothing of a batch in which one ref already exists (CONFLICT)", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const existing = keyPackageFixture("alice", "02")
      await ctx.store().addKeyPackages([existing])
      const batch = ["01", "02", "03"].map((ref) =>
        keyPackageFixture("alice", ref, { createdAt: 5 }),
      )
      await expectMlskitError(ctx.store().addKeyPackages(batch), "CONFLICT")
      expect(await ctx.store().listKeyPackages("alice")).toStrictEqual([existing])
    })

    it("adds nothing of a batch that repeats a ref (CONFLICT)", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const batch = ["01", "02", "01"].map((ref) => keyPackageFixture("alice", ref))
      await expectMlskitError(ctx.store().addKeyPackages(batch), "CONFLICT")
      expect(await ctx.store().listKeyPackages("alice")).toStrictEqual([])
    })

    it("rejects key packages of an unknown identity with NOT_FOUND and adds none", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const batch = [keyPackageFixture("alice", "01"), keyPackageFixture("nobody", "02")]
      await expectMlskitError(ctx.store().addKeyPackages(batch), "NOT_FOUND")
      expect(await ctx.store().getKeyPackage("01")).toBeUndefined()
      expect(await ctx.store().getKeyPackage("02")).toBeUndefined()
    })

    it("lists only one identity's key packages, ordered by ref", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().createIdentity(identityFixture("bob"))
      await ctx
        .store()
        .addKeyPackages([
          keyPackageFixture("alice", "ff"),
          keyPackageFixture("bob", "11"),
          keyPackageFixture("alice", "0a", { lastResort: true }),
          keyPackageFixture("alice", "a0"),
          keyPackageFixture("alice", "10"),
        ])
      const listed = await ctx.store().listKeyPackages("alice")
      expect(listed.map((r) => r.ref)).toStrictEqual(["0a", "10", "a0", "ff"])
      expect(listed[0]).toStrictEqual(keyPackageFixture("alice", "0a", { lastResort: true }))
      expect(await ctx.store().listKeyPackages("nobody")).toStrictEqual([])
    })

    it("stores copies: mutating the input or a returned record changes nothing stored", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const record = keyPackageFixture("alice", "0a")
      await ctx.store().addKeyPackages([record])
      record.keyPackage.fill(0)
      record.sealedPrivateKeys.fill(0)
      const returned = await ctx.store().getKeyPackage("0a")
      returned!.sealedPrivateKeys.fill(1)
      const [listed] = await ctx.store().listKeyPackages("alice")
      listed!.keyPackage.fill(1)
      expect(await ctx.store().getKeyPackage("0a")).toStrictEqual(keyPackageFixture("alice", "0a"))
    })

    it("consumes a normal key package: returns it once, then it is gone", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const record = keyPackageFixture("alice", "0a")
      await ctx.store().addKeyPackages([record, keyPackageFixture("alice", "0b")])
      expect(await ctx.store().consumeKeyPackage("0a")).toStrictEqual(record)
      expect(await ctx.store().getKeyPackage("0a")).toBeUndefined()
      expect(await ctx.store().consumeKeyPackage("0a")).toBeUndefined()
      expect((await ctx.store().listKeyPackages("alice")).map((r) => r.ref)).toStrictEqual(["0b"])
    })

    it("consumes a last-resort key package without deleting it", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const record = keyPackageFixture("alice", "0a", { lastResort: true })
      await ctx.store().addKeyPackages([record])
      expect(await ctx.store().consumeKeyPackage("0a")).toStrictEqual(record)
      expect(await ctx.store().consumeKeyPackage("0a")).toStrictEqual(record)
      expect(await ctx.store().getKeyPackage("0a")).toStrictEqual(record)
    })

    it("deletes a key package, last-resort or not, and reports whether it existed", async () => {
      const store = ctx.store()
      expect(store.deleteKeyPackage).toBeTypeOf("function")
      await store.createIdentity(identityFixture("alice"))
      const kept = keyPackageFixture("alice", "0c")
      await store.addKeyPackages([
        keyPackageFixture("alice", "0a"),
        keyPackageFixture("alice", "0b", { lastResort: true }),
        kept,
      ])
      expect(await store.deleteKeyPackage!("0a")).toBe(true)
      expect(await store.deleteKeyPackage!("0b")).toBe(true)
      expect(await store.deleteKeyPackage!("0b")).toBe(false)
      expect(await store.deleteKeyPackage!("ff")).toBe(false)
      expect(await store.listKeyPackages("alice")).toStrictEqual([kept])
    })

    it("returns undefined when consuming an unknown ref", async () => {
      expect(await ctx.store().consumeKeyPackage("0a")).toBeUndefined()
    })

    it(`gives a key package consumed by ${RACERS} concurrent callers to exactly one`, async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const record = keyPackageFixture("alice", "0a")
      await ctx.store().addKeyPackages([record])
      const results = await Promise.all(
        Array.from({ length: RACERS }, () => ctx.store().consumeKeyPackage("0a")),
      )
      const winners = results.filter((r) => r !== undefined)
      expect(winners).toStrictEqual([record])
      expect(await ctx.store().getKeyPackage("0a")).toBeUndefined()
    })
  })
}
