/**
 * A stored group record that opens under the state key but cannot be used
 * (an unknown ciphersuite in its header, a state that does not decode) is
 * damaged storage: a non-retryable StorageError, never GroupNotFound, which
 * would tell a caller the group does not exist.
 */
import { describe, expect, it } from "vitest"
import { BlobKind, createAtRestCipher } from "../src/at-rest.js"
import { InMemoryStore, type MlsClient, StorageError, TS_MLS_VERSION } from "../src/index.js"
import { makeClient, STATE_KEY } from "./helpers.js"

const cipher = createAtRestCipher(STATE_KEY, TS_MLS_VERSION)

/**
 * A group whose stored state is resealed, under the right key, record and
 * kind, from what `damage` makes of the real state; and a fresh client on
 * the store, with nothing cached.
 */
async function damagedGroup(
  damage: (plaintext: Uint8Array) => { plaintext: Uint8Array; ciphersuiteId: number },
) {
  const store = new InMemoryStore()
  const client = makeClient({ store })
  const alice = await client.createIdentity("alice")
  const groupId = await client.createGroup(alice.id, "g")
  const record = await store.getGroup(groupId)
  if (!record) throw new Error("group was not stored")
  const context = `group:${groupId}`
  const { plaintext, ciphersuiteId } = damage(
    cipher.open(record.state, { kind: BlobKind.GroupState, context }).plaintext,
  )
  const state = cipher.seal(plaintext, { kind: BlobKind.GroupState, ciphersuiteId, context })
  await store.updateGroup(groupId, record.version, { epoch: record.epoch, state })
  return { client: makeClient({ store }), groupId }
}

/** Every way a group's state is read: an operation, a read behind the queue, a peek. */
function readers(client: MlsClient, groupId: string): Array<() => Promise<unknown>> {
  return [
    () => client.sendMessage(groupId, new Uint8Array([1])),
    () => client.group(groupId),
    () => client.peekGroup(groupId),
  ]
}

async function expectStorageError(attempt: () => Promise<unknown>, message: RegExp) {
  const error = await attempt().then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(error).toBeInstanceOf(StorageError)
  expect(error).toMatchObject({ code: "STORAGE_ERROR", retryable: false })
  expect((error as Error).message).toMatch(message)
}

describe("a damaged stored group record", () => {
  it("is a non-retryable StorageError, not GroupNotFound, when its header names an unknown ciphersuite", async () => {
    const { client, groupId } = await damagedGroup((plaintext) => ({
      plaintext,
      ciphersuiteId: 0xfff0,
    }))
    for (const read of readers(client, groupId)) {
      await expectStorageError(read, /unknown ciphersuite/)
    }
  })

  it("is a non-retryable StorageError when its state does not decode", async () => {
    const { client, groupId } = await damagedGroup((plaintext) => ({
      plaintext: plaintext.slice(0, 40),
      ciphersuiteId: 1,
    }))
    for (const read of readers(client, groupId)) {
      await expectStorageError(read, /cannot be decoded/)
    }
    // The record is there: what is known without decoding it still answers.
    expect(await client.peekEpoch(groupId)).toBe(0)
  })
})
