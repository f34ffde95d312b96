/** Contract section: identities (create, get, list, metadata, delete with cascade). */
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { groupFixture, identityFixture, keyPackageFixture } from "./fixtures.js"

/** Declares the identity tests of the store contract. */
export function identityContract(ctx: ContractContext): void {
  describe("identities", () => {
    it("returns a created identity with equal fields and identical bytes", async () => {
      const record = identityFixture("alice")
      await ctx.store().createIdentity(record)
      expect(await ctx.store().getIdentity("alice")).toStrictEqual(record)
    })

    it("stores an identity whose keys live elsewhere: an empty signature public key", async () => {
      const record = identityFixture("ext", {
        signaturePublicKey: new Uint8Array(0),
        metadata: { "mlskit.hosted": "false" },
      })
      await ctx.store().createIdentity(record)
      expect(await ctx.store().getIdentity("ext")).toStrictEqual(record)
      expect(await ctx.store().listIdentities()).toStrictEqual([record])
    })

    it("returns undefined for an unknown identity id", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      expect(await ctx.store().getIdentity("bob")).toBeUndefined()
    })

    it("rejects a second identity with the same id with CONFLICT and keeps the first", async () => {
      const first = identityFixture("alice")
      await ctx.store().createIdentity(first)
      await expectMlskitError(
        ctx.store().createIdentity(identityFixture("alice", { name: "impostor" })),
        "CONFLICT",
      )
      expect(await ctx.store().getIdentity("alice")).toStrictEqual(first)
    })

    it("lists no identities in an empty store", async () => {
      expect(await ctx.store().listIdentities()).toStrictEqual([])
    })

    it("lists identities ordered by id in code-unit order, whatever the insertion order", async () => {
      const ids = ["b", "Z", "a", "_x", "-y", "0", "B", "aa"]
      for (const id of ids) await ctx.store().createIdentity(identityFixture(id))
      const listed = await ctx.store().listIdentities()
      expect(listed.map((r) => r.id)).toStrictEqual(["-y", "0", "B", "Z", "_x", "a", "aa", "b"])
      expect(listed[0]).toStrictEqual(identityFixture("-y"))
    })

    it("stores copies: mutating the input or a returned record changes nothing stored", async () => {
      const record = identityFixture("alice")
      await ctx.store().createIdentity(record)
      const expected = identityFixture("alice")
      record.signaturePublicKey[0] = (record.signaturePublicKey[0] ?? 0) ^ 0xff
      record.sealedSignatureKey[0] = (record.sealedSignatureKey[0] ?? 0) ^ 0xff
      record.metadata.role = "changed"
      const returned = await ctx.store().getIdentity("alice")
      expect(returned).toStrictEqual(expected)
      returned!.sealedSignatureKey.fill(0)
      returned!.metadata.role = "changed"
      const [listed] = await ctx.store().listIdentities()
      listed!.signaturePublicKey.fill(0)
      expect(await ctx.store().getIdentity("alice")).toStrictEqual(expected)
    })

    it("replaces (does not merge) metadata and keeps every other field", async () => {
      const record = identityFixture("alice", { metadata: { a: "1", b: "2" } })
      await ctx.store().createIdentity(record)
      await ctx.store().updateIdentityMetadata("alice", { c: "3" })
      expect(await ctx.store().getIdentity("alice")).toStrictEqual({
        ...record,
        metadata: { c: "3" },
      })
    })

    it("rejects a metadata update of an unknown identity with NOT_FOUND", async () => {
      await expectMlskitError(ctx.store().updateIdentityMetadata("nobody", { a: "1" }), "NOT_FOUND")
      expect(await ctx.store().listIdentities()).toStrictEqual([])
    })

    it("round-trips metadata with empty, unicode, quote, backslash and newline strings", async () => {
      const metadata = {
        "": "empty key",
        empty: "",
        unicode: "grüße 🔐 日本",
        quotes: `"double" 'single' \`back\``,
        escapes: "back\\slash\nnew line\ttab",
        json: '{"not":"parsed"}',
      }
      await ctx.store().createIdentity(identityFixture("alice", { metadata: {} }))
      expect((await ctx.store().getIdentity("alice"))?.metadata).toStrictEqual({})
      await ctx.store().updateIdentityMetadata("alice", metadata)
      expect((await ctx.store().getIdentity("alice"))?.metadata).toStrictEqual(metadata)
    })

    it("deletes an identity and reports whether it existed", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      expect(await ctx.store().deleteIdentity("alice")).toBe(true)
      expect(await ctx.store().getIdentity("alice")).toBeUndefined()
      expect(await ctx.store().deleteIdentity("alice")).toBe(false)
    })

    it("deleting an identity deletes its key packages and groups, and nothing of others", async () => {
      const store = ctx.store()
      for (const id of ["alice", "bob"]) {
        await store.createIdentity(identityFixture(id))
        await store.addKeyPackages([
          keyPackageFixture(id, `${id}-kp`),
          keyPackageFixture(id, `${id}-lr`, { lastResort: true }),
        ])
        await store.createGroup(groupFixture(id, `${id}.g1`))
        await store.createGroup(groupFixture(id, `${id}.g2`))
      }
      expect(await store.deleteIdentity("alice")).toBe(true)
      expect(await store.listKeyPackages("alice")).toStrictEqual([])
      expect(await store.getKeyPackage("alice-lr")).toBeUndefined()
      expect(await store.listGroups("alice")).toStrictEqual([])
      expect(await store.getGroup("alice.g1")).toBeUndefined()
      expect((await store.listIdentities()).map((r) => r.id)).toStrictEqual(["bob"])
      expect((await store.listKeyPackages("bob")).map((r) => r.ref)).toStrictEqual([
        "bob-kp",
        "bob-lr",
      ])
      expect((await store.listGroups()).map((g) => g.id)).toStrictEqual(["bob.g1", "bob.g2"])
    })
  })
}
