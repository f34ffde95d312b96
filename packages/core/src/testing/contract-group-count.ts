/** Contract section: counting active groups (every group but those marked removed). */
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { groupFixture, identityFixture } from "./fixtures.js"

/** Declares the group-count tests of the store contract. */
export function groupCountContract(ctx: ContractContext): void {
  describe("counting active groups", () => {
    it("counts 0 in an empty store", async () => {
      expect(await ctx.store().countActiveGroups()).toBe(0)
    })

    it("counts the groups of every identity, except those whose status is removed", async () => {
      const store = ctx.store()
      await store.createIdentity(identityFixture("a"))
      await store.createIdentity(identityFixture("b"))
      await store.createGroup(groupFixture("a", "a.1", { metadata: { status: "active" } }))
      await store.createGroup(groupFixture("a", "a.2", { metadata: { status: "removed" } }))
      await store.createGroup(groupFixture("b", "b.1", { metadata: { name: "no status" } }))
      await store.createGroup(groupFixture("b", "b.2", { metadata: { status: "left" } }))
      expect(await store.countActiveGroups()).toBe(3)
    })

    it("follows updates that mark a group removed and deletes", async () => {
      const store = ctx.store()
      await store.createIdentity(identityFixture("a"))
      await store.createGroup(groupFixture("a", "a.1", { metadata: { status: "active" } }))
      await store.createGroup(groupFixture("a", "a.2", { metadata: { status: "active" } }))
      await store.updateGroup("a.1", 1, {
        epoch: 1,
        state: new Uint8Array([1]),
        metadata: { status: "removed" },
      })
      expect(await store.countActiveGroups()).toBe(1)
      await store.deleteGroup("a.2")
      expect(await store.countActiveGroups()).toBe(0)
      await store.updateGroup("a.1", 2, { epoch: 2, state: new Uint8Array([2]) })
      expect(await store.countActiveGroups()).toBe(0)
    })
  })
}
