/** Contract section: bytes and numbers come back exactly as written, as plain copies. */
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { fixtureBytes, groupFixture, identityFixture, keyPackageFixture } from "./fixtures.js"

/** Declares the encoding tests of the store contract. */
export function bytesContract(ctx: ContractContext): void {
  describe("bytes and numbers", () => {
    it("returns every byte field as a plain Uint8Array, not a Buffer or other subclass", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().addKeyPackages([keyPackageFixture("alice", "0a")])
      await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      const identity = await ctx.store().getIdentity("alice")
      const keyPackage = await ctx.store().consumeKeyPackage("0a")
      const group = await ctx
        .store()
        .updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(1) })
      const fields = [
        identity?.signaturePublicKey,
        identity?.sealedSignatureKey,
        keyPackage?.keyPackage,
        keyPackage?.sealedPrivateKeys,
        group.mlsGroupId,
        group.state,
      ]
      for (const field of fields) expect(Object.getPrototypeOf(field)).toBe(Uint8Array.prototype)
    })

    it("stores only the viewed bytes of a Uint8Array that is a window on a larger buffer", async () => {
      const backing = fixtureBytes(42, 4096)
      const window = (start: number, length: number) => backing.subarray(start, start + length)
      await ctx
        .store()
        .createIdentity(identityFixture("alice", { signaturePublicKey: window(1, 32) }))
      await ctx.store().createGroup(groupFixture("alice", "alice.g", { state: window(100, 50) }))
      await ctx.store().updateGroup("alice.g", 1, { epoch: 1, state: window(999, 7) })
      const identity = await ctx.store().getIdentity("alice")
      expect(identity?.signaturePublicKey).toStrictEqual(backing.slice(1, 33))
      expect((await ctx.store().getGroup("alice.g"))?.state).toStrictEqual(backing.slice(999, 1006))
    })

    it("round-trips empty byte arrays", async () => {
      const empty = () => new Uint8Array(0)
      const identity = identityFixture("alice", { sealedSignatureKey: empty() })
      await ctx.store().createIdentity(identity)
      await ctx.store().addKeyPackages([keyPackageFixture("alice", "0a", { keyPackage: empty() })])
      await ctx.store().createGroup(groupFixture("alice", "alice.g", { state: empty() }))
      expect(await ctx.store().getIdentity("alice")).toStrictEqual(identity)
      expect((await ctx.store().getKeyPackage("0a"))?.keyPackage).toStrictEqual(empty())
      expect((await ctx.store().getGroup("alice.g"))?.state).toStrictEqual(empty())
    })

    it("round-trips a 1 MiB group state byte for byte", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      const state = fixtureBytes(7, 1024 * 1024)
      await ctx.store().updateGroup("alice.g", 1, { epoch: 1, state })
      const stored = (await ctx.store().getGroup("alice.g"))?.state
      expect(stored?.byteLength).toBe(state.byteLength)
      expect(Buffer.compare(Buffer.from(stored ?? []), Buffer.from(state))).toBe(0)
    })

    it("round-trips epochs and timestamps up to Number.MAX_SAFE_INTEGER exactly", async () => {
      const max = Number.MAX_SAFE_INTEGER
      const identity = identityFixture("alice", { createdAt: max })
      await ctx.store().createIdentity(identity)
      const keyPackage = keyPackageFixture("alice", "0a", { createdAt: max - 1 })
      await ctx.store().addKeyPackages([keyPackage])
      await ctx.store().createGroup(groupFixture("alice", "alice.g", { epoch: max - 2 }))
      expect(await ctx.store().getIdentity("alice")).toStrictEqual(identity)
      expect(await ctx.store().getKeyPackage("0a")).toStrictEqual(keyPackage)
      expect((await ctx.store().getGroup("alice.g"))?.epoch).toBe(max - 2)
      const updated = await ctx
        .store()
        .updateGroup("alice.g", 1, { epoch: max, state: fixtureBytes(1) })
      expect(updated.epoch).toBe(max)
      expect((await ctx.store().getGroup("alice.g"))?.epoch).toBe(max)
    })
  })
}
