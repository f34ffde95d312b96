/**
 * Recognisable failures reach the API as mlskit errors with a stable
 * `reason` and mlskit's own message: never ts-mls's text ("Desired gen in
 * the past", "Current time not within Lifetime", ...).
 */
import {
  type CiphersuiteImpl,
  defaultCapabilities,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  type Lifetime,
} from "ts-mls"
import { beforeAll, describe, expect, it } from "vitest"
import {
  InMemoryStore,
  InvalidInputError,
  InvalidMessageError,
  type MlsClient,
  MlskitError,
  type RejectReason,
} from "../src/index.js"
import { makeClient, storeSnapshot, text } from "./helpers.js"

/** Texts ts-mls 1.6.4 throws for the failures below; none may appear in an mlskit error. */
const TS_MLS_TEXTS = [
  "Desired gen",
  "Desired generation",
  "Lifetime",
  "epoch too old",
  "former epoch",
  "Could not",
  "RatchetTree",
]

interface Pair {
  store: InMemoryStore
  client: MlsClient
  alice: string
  bob: string
  groupA: string
  groupB: string
}

/** alice's group with bob joined, on one client and store. */
async function pair(options: Parameters<typeof makeClient>[0] = {}): Promise<Pair> {
  const store = new InMemoryStore()
  const client = makeClient({ store, ...options })
  const alice = (await client.createIdentity("alice")).id
  const bob = (await client.createIdentity("bob")).id
  const groupA = await client.createGroup(alice, "g")
  const added = await client.addMembers(groupA, await client.generateKeyPackages(bob, 1))
  const groupB = await client.joinGroup(bob, added.welcome)
  return { store, client, alice, bob, groupA, groupB }
}

/** Expect `attempt` to fail with `type` and `reason`, no ts-mls text, and the store unchanged. */
async function expectRejected(
  store: InMemoryStore,
  attempt: () => Promise<unknown>,
  type: typeof InvalidMessageError | typeof InvalidInputError,
  reason: RejectReason,
): Promise<void> {
  const before = await storeSnapshot(store)
  const err = await attempt().then(
    () => {
      throw new Error("expected a rejection, the call succeeded")
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(type)
  const { message } = err as MlskitError
  for (const tsMls of TS_MLS_TEXTS) expect(message).not.toContain(tsMls)
  expect(MlskitError.isInstance(err) && err.reason).toBe(reason)
  expect(JSON.stringify(err)).toContain(`"reason":"${reason}"`)
  expect(await storeSnapshot(store)).toBe(before)
}

describe("rejection reasons of processMessage", () => {
  it("rejects a message processed a second time as replayed", async () => {
    const { store, client, groupA, groupB } = await pair()
    const message = await client.sendMessage(groupA, text("once"))
    await client.processMessage(groupB, message)
    await expectRejected(
      store,
      () => client.processMessage(groupB, message),
      InvalidMessageError,
      "replayed",
    )
  })

  it("rejects a member's own message as own_message", async () => {
    const { store, client, groupA } = await pair()
    const message = await client.sendMessage(groupA, text("mine"))
    await expectRejected(
      store,
      () => client.processMessage(groupA, message),
      InvalidMessageError,
      "own_message",
    )
  })

  it("rejects a message from an epoch the member has not reached as future_epoch", async () => {
    const { store, client, groupA, groupB } = await pair()
    await client.selfUpdate(groupA)
    const ahead = await client.sendMessage(groupA, text("from epoch 2"))
    await expectRejected(
      store,
      () => client.processMessage(groupB, ahead),
      InvalidMessageError,
      "future_epoch",
    )
  })

  it("rejects a commit from an epoch the member has left as past_epoch", async () => {
    const { store, client, groupA, groupB } = await pair()
    const commit = await client.selfUpdate(groupA)
    await client.processMessage(groupB, commit)
    await expectRejected(
      store,
      () => client.processMessage(groupB, commit),
      InvalidMessageError,
      "past_epoch",
    )
  })

  it("rejects application data from an epoch whose keys are gone as past_epoch", async () => {
    const { store, client, groupA, groupB } = await pair({ config: { retainEpochs: 1 } })
    const old = await client.sendMessage(groupA, text("epoch 1"))
    // Two epochs later, with one past epoch retained, epoch 1's keys are gone.
    await client.processMessage(groupB, await client.selfUpdate(groupA))
    await client.processMessage(groupB, await client.selfUpdate(groupA))
    await expectRejected(
      store,
      () => client.processMessage(groupB, old),
      InvalidMessageError,
      "past_epoch",
    )
  })

  it("rejects a message of another group as wrong_group", async () => {
    const { store, client, alice, groupB } = await pair()
    const other = await client.createGroup(alice, "other")
    const message = await client.sendMessage(other, text("elsewhere"))
    await expectRejected(
      store,
      () => client.processMessage(groupB, message),
      InvalidMessageError,
      "wrong_group",
    )
  })

  it("rejects a message further ahead than maxForwardRatchetSteps as too_far_ahead", async () => {
    const { store, client, groupA, groupB } = await pair({ config: { maxForwardRatchetSteps: 4 } })
    let last: Uint8Array = new Uint8Array()
    for (let i = 0; i < 7; i++) last = await client.sendMessage(groupA, text(`m${i}`))
    await expectRejected(
      store,
      () => client.processMessage(groupB, last),
      InvalidMessageError,
      "too_far_ahead",
    )
  })
})

describe("rejection reasons of joinGroup and addMembers", () => {
  let cs: CiphersuiteImpl
  beforeAll(async () => {
    cs = await getCiphersuiteImpl(
      getCiphersuiteFromName("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"),
    )
  })

  async function keyPackageWithLifetime(lifetime: Lifetime): Promise<Uint8Array> {
    const { publicPackage } = await generateKeyPackage(
      { credentialType: "basic", identity: text("carol") },
      defaultCapabilities(),
      lifetime,
      [],
      cs,
    )
    return encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_key_package",
      keyPackage: publicPackage,
    })
  }

  const now = BigInt(Math.floor(Date.now() / 1000))
  it.each([
    ["expired", { notBefore: now - 7200n, notAfter: now - 3600n }],
    ["not yet valid", { notBefore: now + 3600n, notAfter: now + 7200n }],
  ])(
    "refuses to add a key package that is %s as key_package_lifetime",
    async (_label, lifetime) => {
      const { store, client, groupA } = await pair()
      const keyPackage = await keyPackageWithLifetime(lifetime)
      await expectRejected(
        store,
        () => client.addMembers(groupA, [keyPackage]),
        InvalidInputError,
        "key_package_lifetime",
      )
    },
  )

  it("refuses a welcome without a ratchet tree when none is passed as ratchet_tree_required", async () => {
    const store = new InMemoryStore()
    const client = makeClient({ store })
    const alice = (await client.createIdentity("alice")).id
    const bob = (await client.createIdentity("bob")).id
    const group = await client.createGroup(alice, "g", { ratchetTreeExtension: false })
    const added = await client.addMembers(group, await client.generateKeyPackages(bob, 1))
    await expectRejected(
      store,
      () => client.joinGroup(bob, added.welcome),
      InvalidInputError,
      "ratchet_tree_required",
    )
  })
})
