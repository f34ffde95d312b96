/**
 * Contract section for durable stores: what one instance committed, another
 * instance over the same storage sees, and two instances race safely.
 */
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { fixtureBytes, groupFixture, identityFixture, keyPackageFixture } from "./fixtures.js"

/** Declares the tests that need a second instance over the same storage. */
export function durableContract(ctx: ContractContext): void {
  describe("durability across instances", () => {
    it("shows a second instance everything the first committed", async () => {
      const first = ctx.store()
      await first.createIdentity(identityFixture("alice"))
      const second = await ctx.reopen()
      await first.addKeyPackages([keyPackageFixture("alice", "0a")])
      await first.createGroup(groupFixture("alice", "alice.g"))
      const updated = await first.updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(1) })
      expect(await second.getIdentity("alice")).toStrictEqual(identityFixture("alice"))
      expect(await second.getKeyPackage("0a")).toStrictEqual(keyPackageFixture("alice", "0a"))
      expect(await second.getGroup("alice.g")).toStrictEqual(updated)
    })

    it("keeps every record across closing and reopening", async () => {
      const first = ctx.store()
      await first.createIdentity(identityFixture("alice", { metadata: { k: "v" } }))
      await first.addKeyPackages([keyPackageFixture("alice", "0a", { lastResort: true })])
      await first.createGroup(groupFixture("alice", "alice.g"))
      const updated = await first.updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(1) })
      const identities = await first.listIdentities()
      await first.close()
      const reopened = await ctx.reopen()
      expect(await reopened.listIdentities()).toStrictEqual(identities)
      expect(await reopened.listKeyPackages("alice")).toStrictEqual([
        keyPackageFixture("alice", "0a", { lastResort: true }),
      ])
      expect(await reopened.listGroups()).toStrictEqual([updated])
    })

    it("lets exactly one of two instances win a compare-and-swap at the same version", async () => {
      const first = ctx.store()
      await first.createIdentity(identityFixture("alice"))
      await first.createGroup(groupFixture("alice", "alice.g"))
      const second = await ctx.reopen()
      const results = await Promise.allSettled([
        first.updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(1) }),
        second.updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(2) }),
      ])
      const won = results.filter((r) => r.status === "fulfilled")
      const lost = results.filter((r) => r.status === "rejected")
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(1)
      await expectMlskitError(Promise.reject(lost[0]?.reason), "CONFLICT")
      expect(await first.getGroup("alice.g")).toStrictEqual(won[0]?.value)
      expect(await second.getGroup("alice.g")).toStrictEqual(won[0]?.value)
    })

    it("gives a key package consumed by two instances at once to exactly one", async () => {
      const first = ctx.store()
      await first.createIdentity(identityFixture("alice"))
      await first.addKeyPackages([keyPackageFixture("alice", "0a")])
      const second = await ctx.reopen()
      const results = await Promise.all([
        first.consumeKeyPackage("0a"),
        second.consumeKeyPackage("0a"),
      ])
      expect(results.filter((r) => r !== undefined)).toStrictEqual([
        keyPackageFixture("alice", "0a"),
      ])
    })
  })
}
