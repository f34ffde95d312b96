/**
 * An operation whose new group state was written must be acknowledged. The
 * written state has used a key generation (a send) or moved the member to a
 * new epoch (a commit); if the service then fails the call, the ciphertext
 * or commit is thrown away and can never be produced again: a lost message,
 * or a member alone in an epoch nobody else can reach. So a store failure
 * after the write (here: every read fails from the moment the write
 * succeeded) must not turn the operation into an error.
 *
 * Found by the PostgreSQL outage test, where a send persisted just before
 * the server went down failed on the read that followed it.
 */
import { InMemoryStore, type MlsStore, StorageError } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { makeService, str, text } from "./helpers.js"

const READS = ["getIdentity", "listIdentities", "getGroup", "listGroups"] as const

/** An in-memory store whose reads fail, retryably, once the next group write has succeeded. */
function storeFailingReadsAfterNextWrite(): {
  store: MlsStore
  inner: InMemoryStore
  arm(): void
  heal(): void
} {
  const inner = new InMemoryStore()
  let armed = false
  let failing = false
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver)
      if (typeof value !== "function") return value
      return async (...args: unknown[]) => {
        if (failing && (READS as readonly (string | symbol)[]).includes(name)) {
          throw new StorageError("connection lost", { retryable: true })
        }
        const result = await value.apply(target, args)
        if (armed && name === "updateGroup") failing = true
        return result
      }
    },
  })
  return {
    store,
    inner,
    arm: () => {
      armed = true
    },
    heal: () => {
      armed = false
      failing = false
    },
  }
}

function outcomeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "acknowledged",
    (error: unknown) => `failed: ${String(error)}`,
  )
}

describe("MlsService after a group write succeeded and the store then fails", () => {
  it("acknowledges the send and returns its ciphertext", async () => {
    const { store, inner, arm, heal } = storeFailingReadsAfterNextWrite()
    const { service } = await makeService({ store })
    const alice = await service.createIdentity("alice")
    const bob = await service.createIdentity("bob")
    const group = await service.createGroup(alice.id, "g")
    const { welcome } = await service.addMembers(group, await service.generateKeyPackages(bob.id))
    const bobGroup = await service.joinGroup(bob.id, welcome)
    const before = (await inner.getGroup(group))?.version ?? 0

    arm()
    let ciphertext: Uint8Array | undefined
    const outcome = await outcomeOf(
      service.sendMessage(group, text("kept")).then((c) => {
        ciphertext = c
      }),
    )
    heal()

    expect((await inner.getGroup(group))?.version).toBe(before + 1)
    expect(outcome).toBe("acknowledged")
    const received = await service.processMessage(bobGroup, ciphertext ?? new Uint8Array(1))
    expect(received.kind === "application" && str(received.plaintext)).toBe("kept")
  })

  it("acknowledges a commit and returns it, also without a state cache (cache_size = 0)", async () => {
    const { store, inner, arm, heal } = storeFailingReadsAfterNextWrite()
    const { service } = await makeService({ store, client: { cacheSize: 0 } })
    const alice = await service.createIdentity("alice")
    const bob = await service.createIdentity("bob")
    const group = await service.createGroup(alice.id, "g")
    const { welcome } = await service.addMembers(group, await service.generateKeyPackages(bob.id))
    const bobGroup = await service.joinGroup(bob.id, welcome)
    const epoch = (await inner.getGroup(group))?.epoch ?? 0

    arm()
    let commit: Uint8Array | undefined
    const outcome = await outcomeOf(
      service.selfUpdate(group).then((c) => {
        commit = c
      }),
    )
    heal()

    expect((await inner.getGroup(group))?.epoch).toBe(epoch + 1)
    expect(outcome).toBe("acknowledged")
    expect(await service.processMessage(bobGroup, commit ?? new Uint8Array(1))).toMatchObject({
      kind: "commit",
      epoch: epoch + 1,
    })
  })
})
