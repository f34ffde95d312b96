/** Contract section: groups (create, get, list, compare-and-swap update, delete). */
import { describe, expect, it } from "vitest"
import type { GroupRecord } from "../store.js"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { fixtureBytes, groupFixture, identityFixture } from "./fixtures.js"

/** How many writers race for one version in the concurrency test. */
const RACERS = 8

/** Declares the group tests of the store contract. */
export function groupContract(ctx: ContractContext): void {
  describe("groups", () => {
    it("creates a group at version 1 and returns the stored record", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const input = groupFixture("alice", "alice.g")
      const created = await ctx.store().createGroup(input)
      expect(created).toStrictEqual({ ...input, version: 1, updatedAt: created.updatedAt })
      expect(Number.isSafeInteger(created.updatedAt)).toBe(true)
      expect(await ctx.store().getGroup("alice.g")).toStrictEqual(created)
    })

    it("returns undefined for an unknown group id", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      expect(await ctx.store().getGroup("alice.h")).toBeUndefined()
    })

    it("rejects a second group with the same id with CONFLICT and keeps the first", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const created = await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      const again = groupFixture("alice", "alice.g", { epoch: 9, state: fixtureBytes(9) })
      await expectMlskitError(ctx.store().createGroup(again), "CONFLICT")
      expect(await ctx.store().getGroup("alice.g")).toStrictEqual(created)
    })

    it("rejects a group of an unknown identity with NOT_FOUND", async () => {
      await expectMlskitError(
        ctx.store().createGroup(groupFixture("nobody", "nobody.g")),
        "NOT_FOUND",
      )
      expect(await ctx.store().getGroup("nobody.g")).toBeUndefined()
    })

    it("lists all groups ordered by id when no identity is given", async () => {
      await ctx.store().createIdentity(identityFixture("a"))
      await ctx.store().createIdentity(identityFixture("B"))
      for (const [identityId, id] of [
        ["a", "a.y"],
        ["B", "B.z"],
        ["a", "a.X"],
        ["B", "B.-"],
      ] as const) {
        await ctx.store().createGroup(groupFixture(identityId, id))
      }
      const listed = await ctx.store().listGroups()
      expect(listed.map((g) => g.id)).toStrictEqual(["B.-", "B.z", "a.X", "a.y"])
      expect(listed[0]).toStrictEqual(await ctx.store().getGroup("B.-"))
    })

    it("lists only the given identity's groups, not those of an identity with a longer id", async () => {
      await ctx.store().createIdentity(identityFixture("a"))
      await ctx.store().createIdentity(identityFixture("ab"))
      await ctx.store().createGroup(groupFixture("ab", "a.b"))
      await ctx.store().createGroup(groupFixture("a", "a.c"))
      await ctx.store().createGroup(groupFixture("a", "a.a"))
      expect((await ctx.store().listGroups("a")).map((g) => g.id)).toStrictEqual(["a.a", "a.c"])
      expect((await ctx.store().listGroups("ab")).map((g) => g.id)).toStrictEqual(["a.b"])
      expect(await ctx.store().listGroups("nobody")).toStrictEqual([])
    })

    it("updates at the current version: writes epoch and state, increments version by one", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const created = await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      const state = fixtureBytes(1, 600)
      const updated = await ctx.store().updateGroup("alice.g", 1, { epoch: 1, state })
      expect(updated).toStrictEqual({
        ...created,
        version: 2,
        epoch: 1,
        state,
        updatedAt: updated.updatedAt,
      })
      expect(updated.updatedAt).toBeGreaterThanOrEqual(created.updatedAt)
      expect(await ctx.store().getGroup("alice.g")).toStrictEqual(updated)
    })

    it("keeps metadata when an update omits it and replaces it when one is given", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().createGroup(groupFixture("alice", "alice.g", { metadata: { name: "x" } }))
      const kept = await ctx.store().updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(1) })
      expect(kept.metadata).toStrictEqual({ name: "x" })
      const update = { epoch: 2, state: fixtureBytes(2), metadata: { topic: "y" } }
      const replaced = await ctx.store().updateGroup("alice.g", 2, update)
      expect(replaced.metadata).toStrictEqual({ topic: "y" })
      expect((await ctx.store().getGroup("alice.g"))?.metadata).toStrictEqual({ topic: "y" })
    })

    it("chains updates, each at the version the previous one returned", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      let current: GroupRecord = await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      for (let epoch = 1; epoch <= 5; epoch++) {
        const update = { epoch, state: fixtureBytes(epoch) }
        current = await ctx.store().updateGroup("alice.g", current.version, update)
      }
      expect(current.version).toBe(6)
      expect(await ctx.store().getGroup("alice.g")).toStrictEqual(current)
      expect(current.state).toStrictEqual(fixtureBytes(5))
    })

    it("rejects a stale expected version with a retryable CONFLICT and changes nothing", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      const current = await ctx
        .store()
        .updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(1) })
      const stale = { epoch: 7, state: fixtureBytes(7), metadata: { stale: "yes" } }
      const error = await expectMlskitError(
        ctx.store().updateGroup("alice.g", 1, stale),
        "CONFLICT",
      )
      expect(error.retryable).toBe(true)
      expect(await ctx.store().getGroup("alice.g")).toStrictEqual(current)
    })

    it("rejects an expected version ahead of the stored one with CONFLICT", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const created = await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      const update = { epoch: 1, state: fixtureBytes(1) }
      await expectMlskitError(ctx.store().updateGroup("alice.g", 2, update), "CONFLICT")
      expect(await ctx.store().getGroup("alice.g")).toStrictEqual(created)
    })

    it("rejects an update of a missing group with GROUP_NOT_FOUND and creates nothing", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const update = { epoch: 1, state: fixtureBytes(1) }
      await expectMlskitError(ctx.store().updateGroup("alice.g", 1, update), "GROUP_NOT_FOUND")
      expect(await ctx.store().listGroups()).toStrictEqual([])
    })

    it(`lets exactly one of ${RACERS} concurrent updates at the same version win`, async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      const states = Array.from({ length: RACERS }, (_, i) => fixtureBytes(100 + i))
      const results = await Promise.allSettled(
        states.map((state) => ctx.store().updateGroup("alice.g", 1, { epoch: 1, state })),
      )
      const won = results.filter((r) => r.status === "fulfilled")
      const lost = results.filter((r) => r.status === "rejected")
      expect(won).toHaveLength(1)
      for (const r of lost) {
        await expectMlskitError(Promise.reject(r.reason), "CONFLICT")
      }
      const stored = await ctx.store().getGroup("alice.g")
      expect(stored?.version).toBe(2)
      expect(stored).toStrictEqual(won[0]?.value)
      expect(states).toContainEqual(stored?.state)
    })

    it("deletes a group and reports whether it existed; a deleted group cannot be updated", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      await ctx.store().createGroup(groupFixture("alice", "alice.g"))
      await ctx.store().createGroup(groupFixture("alice", "alice.h"))
      expect(await ctx.store().deleteGroup("alice.g")).toBe(true)
      expect(await ctx.store().getGroup("alice.g")).toBeUndefined()
      expect(await ctx.store().deleteGroup("alice.g")).toBe(false)
      const update = { epoch: 1, state: fixtureBytes(1) }
      await expectMlskitError(ctx.store().updateGroup("alice.g", 1, update), "GROUP_NOT_FOUND")
      expect((await ctx.store().listGroups()).map((g) => g.id)).toStrictEqual(["alice.h"])
      expect(await ctx.store().getIdentity("alice")).toBeDefined()
    })

    it("stores copies: mutating inputs or returned records changes nothing stored", async () => {
      await ctx.store().createIdentity(identityFixture("alice"))
      const input = groupFixture("alice", "alice.g")
      const created = await ctx.store().createGroup(input)
      input.state.fill(0)
      input.mlsGroupId.fill(0)
      input.metadata.name = "changed"
      created.state.fill(0)
      const update = { epoch: 1, state: fixtureBytes(1), metadata: { name: "v2" } }
      const updated = await ctx.store().updateGroup("alice.g", 1, update)
      update.state.fill(0)
      update.metadata.name = "changed"
      updated.state.fill(0)
      const [listed] = await ctx.store().listGroups()
      listed!.state.fill(0)
      listed!.metadata.name = "changed"
      const stored = await ctx.store().getGroup("alice.g")
      expect(stored?.state).toStrictEqual(fixtureBytes(1))
      expect(stored?.mlsGroupId).toStrictEqual(groupFixture("alice", "alice.g").mlsGroupId)
      expect(stored?.metadata).toStrictEqual({ name: "v2" })
    })
  })
}
