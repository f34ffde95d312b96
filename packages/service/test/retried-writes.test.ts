/**
 * Through MlsService: a store write that commits and then fails with a
 * retryable error (pg's "Connection terminated" after COMMIT) must not turn
 * a done operation into a failure. A send whose state was stored returns its
 * ciphertext (losing it would lose the message: its generation is used);
 * a join whose key package was consumed keeps its group (deleting it would
 * lose the only state that can read the group). Real stores underneath,
 * behind the service's `withRetries`; and a join straight on a store with no
 * retries at all (core's own handling).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createRetryStrategy, type MlsService, withRetries } from "../src/index.js"
import { type FaultyStore, faultyStore } from "./faulty-store.js"
import { makeService, str, text } from "./helpers.js"
import { type OpenedStore, REAL_STORES } from "./real-stores.js"

const fast = () => createRetryStrategy({ initialDelayMs: 1, maxDelayMs: 2 })

for (const real of REAL_STORES) {
  describe(`MlsService over ${real.name}, a write that committed and then failed`, () => {
    let opened: OpenedStore
    let faulty: FaultyStore
    let service: MlsService
    let stateKey: Uint8Array

    beforeEach(async () => {
      opened = await real.open()
      faulty = faultyStore(opened.store)
      ;({ service, stateKey } = await makeService({ store: withRetries(faulty.store, fast()) }))
    })

    afterEach(async () => {
      await opened.store.close()
      await opened.cleanup()
    })

    /** Alice's group with Bob invited: the Welcome for Bob, not yet joined. */
    async function invitation() {
      const alice = await service.createIdentity("alice")
      const bob = await service.createIdentity("bob")
      const groupId = await service.createGroup(alice.id, "team")
      const [keyPackage] = await service.generateKeyPackages(bob.id, 1)
      const added = await service.addMembers(groupId, [keyPackage as Uint8Array])
      return { alice, bob, groupId, welcome: added.welcome }
    }

    it("creates an identity", async () => {
      faulty.failAfterCommit("createIdentity")
      const alice = await service.createIdentity("alice")
      expect((await service.getIdentity(alice.id)).name).toBe("alice")
    })

    it("replaces an identity's metadata", async () => {
      const alice = await service.createIdentity("alice")
      faulty.failAfterCommit("updateIdentityMetadata")
      await service.setIdentityMetadata(alice.id, { team: "blue" })
      expect((await service.getIdentity(alice.id)).metadata).toStrictEqual({ team: "blue" })
    })

    it("generates key packages, all stored", async () => {
      const bob = await service.createIdentity("bob")
      faulty.failAfterCommit("addKeyPackages")
      expect(await service.generateKeyPackages(bob.id, 3)).toHaveLength(3)
      expect(await opened.store.listKeyPackages(bob.id)).toHaveLength(3)
    })

    it("creates a group", async () => {
      const alice = await service.createIdentity("alice")
      faulty.failAfterCommit("createGroup")
      const groupId = await service.createGroup(alice.id, "team")
      expect((await service.group(groupId)).epoch).toBe(0)
    })

    it("adds a member: the commit is returned and its Welcome joins", async () => {
      const alice = await service.createIdentity("alice")
      const bob = await service.createIdentity("bob")
      const groupId = await service.createGroup(alice.id, "team")
      const [keyPackage] = await service.generateKeyPackages(bob.id, 1)
      faulty.failAfterCommit("updateGroup")
      const added = await service.addMembers(groupId, [keyPackage as Uint8Array])
      expect(added.epoch).toBe(1)
      const bobGroup = await service.joinGroup(bob.id, added.welcome)
      expect((await service.group(bobGroup)).epoch).toBe(1)
    })

    it("joins and keeps the joined group when the key package consume committed", async () => {
      const { bob, groupId, welcome } = await invitation()
      faulty.failAfterCommit("consumeKeyPackage")
      const bobGroup = await service.joinGroup(bob.id, welcome)
      expect(await opened.store.getGroup(bobGroup)).toBeDefined()
      const ciphertext = await service.sendMessage(groupId, text("hello bob"))
      const received = await service.processMessage(bobGroup, ciphertext)
      expect(received.kind === "application" && str(received.plaintext)).toBe("hello bob")
    })

    it("sends: the ciphertext whose state was stored is returned and decrypts", async () => {
      const { bob, groupId, welcome } = await invitation()
      const bobGroup = await service.joinGroup(bob.id, welcome)
      faulty.failAfterCommit("updateGroup")
      const ciphertext = await service.sendMessage(groupId, text("stored before the error"))
      const received = await service.processMessage(bobGroup, ciphertext)
      expect(received.kind === "application" && str(received.plaintext)).toBe(
        "stored before the error",
      )
      const next = await service.processMessage(
        bobGroup,
        await service.sendMessage(groupId, text("next")),
      )
      expect(next.kind === "application" && str(next.plaintext)).toBe("next")
    })

    it("leaves a group: the proposal is returned and the state is gone", async () => {
      const { bob, welcome } = await invitation()
      const bobGroup = await service.joinGroup(bob.id, welcome)
      faulty.failAfterCommit("deleteGroup")
      expect((await service.leaveGroup(bobGroup)).length).toBeGreaterThan(0)
      expect(await opened.store.getGroup(bobGroup)).toBeUndefined()
    })

    it("joins and keeps the group on a store without retries when the consume committed", async () => {
      const { bob, welcome } = await invitation()
      const { service: plain } = await makeService({ store: faulty.store, stateKey })
      faulty.failAfterCommit("consumeKeyPackage")
      const bobGroup = await plain.joinGroup(bob.id, welcome)
      expect((await plain.group(bobGroup)).epoch).toBe(1)
      expect(await opened.store.listKeyPackages(bob.id)).toStrictEqual([])
    })
  })
}
