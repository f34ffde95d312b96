/** Contract section: closing a store; every later call fails with StorageError. */
import { describe, expect, it } from "vitest"
import type { MlsStore } from "../store.js"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { groupFixture, identityFixture, keyPackageFixture } from "./fixtures.js"

/** One call of every data method of MlsStore, keyed by method name. */
const CALLS: Record<Exclude<keyof MlsStore, "close">, (store: MlsStore) => Promise<unknown>> = {
  createIdentity: (s) => s.createIdentity(identityFixture("bob")),
  getIdentity: (s) => s.getIdentity("alice"),
  listIdentities: (s) => s.listIdentities(),
  updateIdentityMetadata: (s) => s.updateIdentityMetadata("alice", { a: "1" }),
  deleteIdentity: (s) => s.deleteIdentity("alice"),
  addKeyPackages: (s) => s.addKeyPackages([keyPackageFixture("alice", "0b")]),
  getKeyPackage: (s) => s.getKeyPackage("0a"),
  listKeyPackages: (s) => s.listKeyPackages("alice"),
  consumeKeyPackage: (s) => s.consumeKeyPackage("0a"),
  deleteKeyPackage: (s) => s.deleteKeyPackage!("0a"),
  createGroup: (s) => s.createGroup(groupFixture("alice", "alice.h")),
  getGroup: (s) => s.getGroup("alice.g"),
  listGroups: (s) => s.listGroups(),
  countActiveGroups: (s) => s.countActiveGroups(),
  updateGroup: (s) => s.updateGroup("alice.g", 1, { epoch: 1, state: new Uint8Array(1) }),
  deleteGroup: (s) => s.deleteGroup("alice.g"),
}

/** Declares the lifecycle tests of the store contract. */
export function lifecycleContract(ctx: ContractContext): void {
  describe("closing", () => {
    it.each(Object.keys(CALLS) as (keyof typeof CALLS)[])(
      "rejects %s after close with a non-retryable STORAGE_ERROR",
      async (method) => {
        const store = ctx.store()
        await store.createIdentity(identityFixture("alice"))
        await store.addKeyPackages([keyPackageFixture("alice", "0a")])
        await store.createGroup(groupFixture("alice", "alice.g"))
        await store.close()
        const error = await expectMlskitError(CALLS[method](store), "STORAGE_ERROR")
        expect(error.retryable).toBe(false)
      },
    )

    it("can be closed twice", async () => {
      await ctx.store().close()
      await ctx.store().close()
      await expectMlskitError(ctx.store().listIdentities(), "STORAGE_ERROR")
    })
  })
}
