/** Contract section: hosted members of an MLS group (the local groups holding its id). */
import { groupFixture } from "@mlskit/core/testing"
import { describe, expect, it } from "vitest"
import {
  createIdentities,
  type DeliveryContractContext,
  localGroupIdOf,
  mlsGroupIdOf,
} from "./delivery-contract-context.js"

const M = mlsGroupIdOf(1)
const N = mlsGroupIdOf(2)

/** Declares the hosted-member tests of the DeliveryStore contract. */
export function memberContract(ctx: DeliveryContractContext): void {
  describe("hosted members", () => {
    it("lists every stored group of one MLS group id, ordered by local group id (code units)", async () => {
      const { store, delivery } = await ctx.open()
      // "Bob." < "alice." < "carol." in code unit order, not in a locale's
      const ids = ["carol", "alice", "Bob"]
      await createIdentities(store, ...ids)
      for (const id of ids) {
        await store.createGroup(groupFixture(id, localGroupIdOf(id, M), { mlsGroupId: M }))
      }
      await store.createGroup(groupFixture("alice", localGroupIdOf("alice", N), { mlsGroupId: N }))
      expect(await delivery.listHostedMembers(M)).toStrictEqual(
        ["Bob", "alice", "carol"].map((id) => ({ groupId: localGroupIdOf(id, M), identityId: id })),
      )
      expect(await delivery.listHostedMembers(N)).toStrictEqual([
        { groupId: localGroupIdOf("alice", N), identityId: "alice" },
      ])
    })

    it("matches the whole group id: no prefix, extension or unknown id matches", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, "alice")
      await store.createGroup(groupFixture("alice", localGroupIdOf("alice", M), { mlsGroupId: M }))
      expect(await delivery.listHostedMembers(M.slice(0, 8))).toEqual([])
      expect(await delivery.listHostedMembers(new Uint8Array([...M, 0]))).toEqual([])
      expect(await delivery.listHostedMembers(N)).toEqual([])
      expect(await delivery.listHostedMembers(Buffer.from(M))).toHaveLength(1)
    })

    it("drops deleted groups and the groups of deleted identities", async () => {
      const { store, delivery } = await ctx.open()
      await createIdentities(store, "alice", "bob", "carol")
      for (const id of ["alice", "bob", "carol"]) {
        await store.createGroup(groupFixture(id, localGroupIdOf(id, M), { mlsGroupId: M }))
      }
      await store.deleteGroup(localGroupIdOf("bob", M))
      await store.deleteIdentity("carol")
      expect(await delivery.listHostedMembers(M)).toStrictEqual([
        { groupId: localGroupIdOf("alice", M), identityId: "alice" },
      ])
    })
  })
}
