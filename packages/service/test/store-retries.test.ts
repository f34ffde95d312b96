/**
 * `withRetries` honours the store contract: a retryable error may follow a
 * write that committed, so a write is not simply repeated. Each write method
 * here commits and then fails once (pg's "Connection terminated" after
 * COMMIT); the wrapped call must return what was committed, exactly as if
 * the connection had not dropped. Real stores underneath; only the fault is
 * simulated.
 */
import { type MlsStore, StorageError } from "@mlskit/core"
import {
  expectMlskitError,
  fixtureBytes,
  groupFixture,
  identityFixture,
  keyPackageFixture,
} from "@mlskit/core/testing"
import { runMlsStoreContract } from "@mlskit/core/testing/contract"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createRetryStrategy, withRetries } from "../src/index.js"
import { type FaultyStore, faultyStore } from "./faulty-store.js"
import { type OpenedStore, REAL_STORES } from "./real-stores.js"

const fast = () => createRetryStrategy({ initialDelayMs: 1, maxDelayMs: 2 })

for (const real of REAL_STORES) {
  describe(`withRetries on ${real.name}`, () => {
    let opened: OpenedStore
    let faulty: FaultyStore
    let store: MlsStore

    beforeEach(async () => {
      opened = await real.open()
      faulty = faultyStore(opened.store)
      store = withRetries(faulty.store, fast())
      await opened.store.createIdentity(identityFixture("alice"))
      await opened.store.addKeyPackages([
        keyPackageFixture("alice", "0a"),
        keyPackageFixture("alice", "0b", { lastResort: true }),
      ])
      await opened.store.createGroup(groupFixture("alice", "alice.g"))
    })

    afterEach(async () => {
      await opened.store.close()
      await opened.cleanup()
    })

    it("createIdentity that committed before the error resolves, and the identity is stored once", async () => {
      const bob = identityFixture("bob")
      faulty.failAfterCommit("createIdentity")
      await expect(store.createIdentity(bob)).resolves.toBeUndefined()
      expect(await opened.store.getIdentity("bob")).toStrictEqual(bob)
      expect(faulty.calls.createIdentity).toBe(1)
    })

    it("updateIdentityMetadata that committed before the error resolves with the metadata stored", async () => {
      faulty.failAfterCommit("updateIdentityMetadata")
      await store.updateIdentityMetadata("alice", { token: "t" })
      expect((await opened.store.getIdentity("alice"))?.metadata).toStrictEqual({ token: "t" })
    })

    it("deleteIdentity that committed before the error reports that the identity existed", async () => {
      faulty.failAfterCommit("deleteIdentity")
      expect(await store.deleteIdentity("alice")).toBe(true)
      expect(await opened.store.getIdentity("alice")).toBeUndefined()
    })

    it("addKeyPackages that committed before the error resolves, and the packages are stored once", async () => {
      const records = [keyPackageFixture("alice", "1a"), keyPackageFixture("alice", "1b")]
      faulty.failAfterCommit("addKeyPackages")
      await expect(store.addKeyPackages(records)).resolves.toBeUndefined()
      expect(await opened.store.getKeyPackage("1a")).toStrictEqual(records[0])
      expect(await opened.store.getKeyPackage("1b")).toStrictEqual(records[1])
      expect(faulty.calls.addKeyPackages).toBe(1)
    })

    it("consumeKeyPackage that committed before the error returns the consumed record", async () => {
      const record = await opened.store.getKeyPackage("0a")
      faulty.failAfterCommit("consumeKeyPackage")
      expect(await store.consumeKeyPackage("0a")).toStrictEqual(record)
      expect(await opened.store.getKeyPackage("0a")).toBeUndefined()
      expect(faulty.calls.consumeKeyPackage).toBe(1)
    })

    it("consumeKeyPackage of a last-resort package returns it after the error and keeps it", async () => {
      const record = await opened.store.getKeyPackage("0b")
      faulty.failAfterCommit("consumeKeyPackage")
      expect(await store.consumeKeyPackage("0b")).toStrictEqual(record)
      expect(await opened.store.getKeyPackage("0b")).toStrictEqual(record)
    })

    it("consumeKeyPackage of an unknown package returns undefined", async () => {
      expect(await store.consumeKeyPackage("ff")).toBeUndefined()
    })

    it("createGroup that committed before the error returns the stored record at version 1", async () => {
      const input = groupFixture("alice", "alice.h")
      faulty.failAfterCommit("createGroup")
      const created = await store.createGroup(input)
      expect(created).toStrictEqual({ ...input, version: 1, updatedAt: created.updatedAt })
      expect(await opened.store.getGroup("alice.h")).toStrictEqual(created)
      expect(faulty.calls.createGroup).toBe(1)
    })

    it("updateGroup that committed before the error returns the record it wrote (version + 1)", async () => {
      const state = fixtureBytes(7, 300)
      faulty.failAfterCommit("updateGroup")
      const updated = await store.updateGroup("alice.g", 1, { epoch: 1, state })
      expect(updated).toMatchObject({ version: 2, epoch: 1, state })
      expect(await opened.store.getGroup("alice.g")).toStrictEqual(updated)
      expect(faulty.calls.updateGroup).toBe(1)
    })

    it("deleteGroup that committed before the error reports that the group existed", async () => {
      faulty.failAfterCommit("deleteGroup")
      expect(await store.deleteGroup("alice.g")).toBe(true)
      expect(await opened.store.getGroup("alice.g")).toBeUndefined()
    })

    it("retries a write that failed before reaching the store, and it lands once", async () => {
      const state = fixtureBytes(8, 300)
      faulty.failBeforeCommit("updateGroup")
      expect(await store.updateGroup("alice.g", 1, { epoch: 1, state })).toMatchObject({
        version: 2,
        state,
      })
      expect(faulty.calls.updateGroup).toBe(1)
    })

    it("answers CONFLICT when another writer moved the group while a failed update was retried", async () => {
      const theirs = fixtureBytes(9, 300)
      faulty.failBeforeCommit("updateGroup", async () => {
        await opened.store.updateGroup("alice.g", 1, { epoch: 1, state: theirs })
      })
      await expectMlskitError(
        store.updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(10, 300) }),
        "CONFLICT",
      )
      expect((await opened.store.getGroup("alice.g"))?.state).toStrictEqual(theirs)
    })

    it("answers CONFLICT when another writer created the same group while a failed create was retried", async () => {
      const theirs = groupFixture("alice", "alice.h", { state: fixtureBytes(11, 64) })
      faulty.failBeforeCommit("createGroup", async () => {
        await opened.store.createGroup(theirs)
      })
      await expectMlskitError(store.createGroup(groupFixture("alice", "alice.h")), "CONFLICT")
      expect((await opened.store.getGroup("alice.h"))?.state).toStrictEqual(theirs.state)
    })

    it("retries a read that failed", async () => {
      let calls = 0
      const flaky: MlsStore = new Proxy(opened.store, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver)
          if (name !== "countActiveGroups") return value
          return async () => {
            if (calls++ === 0) throw new StorageError("connection reset", { retryable: true })
            return (value as () => Promise<number>).call(target)
          }
        },
      })
      expect(await withRetries(flaky, fast()).countActiveGroups()).toBe(1)
      expect(calls).toBe(2)
    })
  })
}

runMlsStoreContract("InMemoryStore behind withRetries", async () => {
  const { InMemoryStore } = await import("@mlskit/core")
  return { store: withRetries(new InMemoryStore(), fast()) }
})
