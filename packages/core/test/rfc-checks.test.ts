/**
 * RFC 9420 checks core adds on top of ts-mls 1.6.4 (see "RFC 9420 checks" in
 * the README): real welcomes and commits made by ts-mls, with one field
 * altered or one key chosen, must be refused with a typed error and change
 * nothing stored.
 */
import {
  acceptAll,
  type CiphersuiteImpl,
  type ClientState,
  ciphersuites,
  createApplicationMessage,
  createCommit,
  createGroup,
  createProposal,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  type KeyPackage,
  type MlsPublicMessage,
  type Proposal,
  processMessage,
  type Welcome,
} from "ts-mls"
import { signLeafNodeCommit } from "ts-mls/leafNode.js"
import { beforeAll, describe, expect, it } from "vitest"
import {
  InMemoryStore,
  InvalidInputError,
  InvalidMessageError,
  type MlsClient,
  type MlskitError,
} from "../src/index.js"
import { makeClient, storeSnapshot, str, text } from "./helpers.js"

const SUITE = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
let cs: CiphersuiteImpl

beforeAll(async () => {
  cs = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE))
})

function decode(bytes: Uint8Array) {
  const decoded = decodeMlsMessage(bytes, 0)
  if (!decoded) throw new Error("test input does not decode")
  return decoded[0]
}

function keyPackageOf(bytes: Uint8Array): KeyPackage {
  const msg = decode(bytes)
  if (msg.wireformat !== "mls_key_package") throw new Error("not a key package")
  return msg.keyPackage
}

/** The same Welcome with only its `cipher_suite` field changed to `id`. */
function withWelcomeCipherSuite(bytes: Uint8Array, id: number): Uint8Array {
  const msg = decode(bytes)
  if (msg.wireformat !== "mls_welcome") throw new Error("not a welcome")
  // ts-mls decodes an unknown suite number as its decimal text and encodes it back.
  const name = Object.entries(ciphersuites).find(([, n]) => n === id)?.[0] ?? String(id)
  const welcome = { ...msg.welcome, cipherSuite: name } as Welcome
  return encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome })
}

/** Expect `attempt` to fail with `type` and `reason`; returns the error. */
async function rejected(
  attempt: Promise<unknown>,
  type: typeof InvalidMessageError | typeof InvalidInputError,
  reason: string | undefined,
): Promise<MlskitError> {
  const err = await attempt.then(
    () => {
      throw new Error("expected a rejection, the call succeeded")
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(type)
  expect((err as MlskitError).reason).toBe(reason)
  return err as MlskitError
}

describe("joining from a Welcome (RFC 9420 §12.4.3.1)", () => {
  it.each([
    ["0x0003", 0x0003],
    ["0x0801", 0x0801],
    ["0xffff", 0xffff],
  ])(
    "rejects a welcome whose cipher_suite is %s while the key package's is 0x0001, and changes nothing",
    async (_label, id) => {
      const store = new InMemoryStore()
      const client = makeClient({ store })
      const alice = (await client.createIdentity("alice")).id
      const bob = (await client.createIdentity("bob")).id
      const group = await client.createGroup(alice, "g")
      const added = await client.addMembers(group, await client.generateKeyPackages(bob, 1))
      const forged = withWelcomeCipherSuite(added.welcome, id)
      expect(forged).not.toEqual(added.welcome)
      const before = await storeSnapshot(store)

      const err = await rejected(
        client.joinGroup(bob, forged),
        InvalidMessageError,
        "ciphersuite_mismatch",
      )
      expect(err.message).toBe("the welcome's ciphersuite differs from the key package's")
      expect(await storeSnapshot(store)).toBe(before)

      // The untouched welcome still joins: the key package was not consumed.
      const joined = await client.joinGroup(bob, added.welcome)
      expect((await client.group(joined)).epoch).toBe(1)
    },
  )
})

/** A group whose creator `alice` is driven through ts-mls directly, with `bob` an MlsClient member. */
async function groupWithRawCommitter(): Promise<{
  store: InMemoryStore
  client: MlsClient
  alice: ClientState
  bobGroup: string
  bobKeyPackage: KeyPackage
}> {
  const store = new InMemoryStore()
  const client = makeClient({ store })
  const bob = (await client.createIdentity("bob")).id
  const [bobBytes] = await client.generateKeyPackages(bob, 1)
  const bobKeyPackage = keyPackageOf(bobBytes!)
  const aliceKp = await generateKeyPackage(
    { credentialType: "basic", identity: text("alice") },
    defaultCapabilities(),
    defaultLifetime,
    [],
    cs,
  )
  const created = await createGroup(
    text("raw-group"),
    aliceKp.publicPackage,
    aliceKp.privatePackage,
    [],
    cs,
  )
  const add = await createCommit(
    { state: created, cipherSuite: cs, pskIndex: emptyPskIndex },
    {
      extraProposals: [{ proposalType: "add", add: { keyPackage: bobKeyPackage } }],
      ratchetTreeExtension: true,
    },
  )
  if (!add.welcome) throw new Error("no welcome")
  const bobGroup = await client.joinGroup(
    bob,
    encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome: add.welcome }),
  )
  return { store, client, alice: add.newState, bobGroup, bobKeyPackage }
}

/** A valid key package for `name` whose leaf encryption key is `encryptionKey` (someone else's). */
async function keyPackageWithEncryptionKey(
  name: string,
  encryptionKey: Uint8Array,
): Promise<KeyPackage> {
  // generateKeyPackage draws the init key pair first, then the leaf's encryption key pair.
  let calls = 0
  const hpke = Object.create(cs.hpke) as CiphersuiteImpl["hpke"]
  hpke.generateKeyPair = async () => {
    const pair = await cs.hpke.generateKeyPair()
    calls++
    return calls === 2 ? { ...pair, publicKey: await cs.hpke.importPublicKey(encryptionKey) } : pair
  }
  const { publicPackage } = await generateKeyPackage(
    { credentialType: "basic", identity: text(name) },
    defaultCapabilities(),
    defaultLifetime,
    [],
    { ...cs, hpke },
  )
  expect(publicPackage.leafNode.hpkePublicKey).toEqual(encryptionKey)
  return publicPackage
}

describe("processing a Commit (RFC 9420 §12.4.2, §7.3)", () => {
  it("rejects a commit that adds a leaf with another member's encryption key, and changes nothing", async () => {
    const { store, client, alice, bobGroup, bobKeyPackage } = await groupWithRawCommitter()
    const carol = await keyPackageWithEncryptionKey("carol", bobKeyPackage.leafNode.hpkePublicKey)
    const commit = await createCommit(
      { state: alice, cipherSuite: cs, pskIndex: emptyPskIndex },
      { extraProposals: [{ proposalType: "add", add: { keyPackage: carol } }] },
    )
    const before = await storeSnapshot(store)

    const err = await rejected(
      client.processMessage(bobGroup, encodeMlsMessage(commit.commit)),
      InvalidMessageError,
      "protocol_violation",
    )
    expect(err.message).toBe(
      "the commit is invalid: two nodes of the ratchet tree would share an encryption key",
    )
    expect(await storeSnapshot(store)).toBe(before)

    // Bob is still in the epoch before the commit and reads alice's messages there.
    const { privateMessage } = await createApplicationMessage(alice, text("still here"), cs)
    const result = await client.processMessage(
      bobGroup,
      encodeMlsMessage({ version: "mls10", wireformat: "mls_private_message", privateMessage }),
    )
    expect(result.kind === "application" && str(result.plaintext)).toBe("still here")
  })

  it("rejects a commit with a proposal type a member does not support, and changes nothing", async () => {
    const { store, client, alice, bobGroup } = await groupWithRawCommitter()
    const commit = await createCommit(
      { state: alice, cipherSuite: cs, pskIndex: emptyPskIndex },
      { extraProposals: [{ proposalType: 0xf0f0, proposalData: text("custom") }] },
    )
    const before = await storeSnapshot(store)

    const err = await rejected(
      client.processMessage(bobGroup, encodeMlsMessage(commit.commit)),
      InvalidMessageError,
      "protocol_violation",
    )
    expect(err.message).toBe(
      "the commit is invalid: the commit contains proposal type 61680, which a member does not support",
    )
    expect(await storeSnapshot(store)).toBe(before)
  })

  it("rejects a commit covering an Update proposal that keeps the replaced leaf's encryption key", async () => {
    const { store, client, alice, bobGroup } = await groupWithRawCommitter()
    // carol joins through ts-mls too, so that she can propose a crafted Update.
    const carolKp = await generateKeyPackage(
      { credentialType: "basic", identity: text("carol") },
      defaultCapabilities(),
      defaultLifetime,
      [],
      cs,
    )
    const addCarol = await createCommit(
      { state: alice, cipherSuite: cs, pskIndex: emptyPskIndex },
      {
        extraProposals: [{ proposalType: "add", add: { keyPackage: carolKp.publicPackage } }],
        ratchetTreeExtension: true,
      },
    )
    if (!addCarol.welcome) throw new Error("no welcome")
    await client.processMessage(bobGroup, encodeMlsMessage(addCarol.commit))
    const carol = await joinGroup(
      addCarol.welcome,
      carolKp.publicPackage,
      carolKp.privatePackage,
      emptyPskIndex,
      cs,
    )
    // An Update leaf signed for carol's leaf, but with her current encryption key.
    const leafIndex = carol.privatePath.leafIndex
    const current = carol.ratchetTree[2 * leafIndex]
    if (current?.nodeType !== "leaf") throw new Error("carol has no leaf")
    const { hpkePublicKey, signaturePublicKey, credential, capabilities, extensions } = current.leaf
    const tbs = {
      leafNodeSource: "update" as const,
      hpkePublicKey,
      signaturePublicKey,
      credential,
      capabilities,
      extensions,
      groupId: carol.groupContext.groupId,
      leafIndex,
    }
    const signed = await signLeafNodeCommit(
      tbs as unknown as Parameters<typeof signLeafNodeCommit>[0],
      carol.signaturePrivateKey,
      cs.signature,
    )
    const leafNode = { ...tbs, signature: signed.signature }
    const update = await createProposal(
      carol,
      true,
      { proposalType: "update", update: { leafNode } } as Proposal,
      cs,
    )
    expect((await client.processMessage(bobGroup, encodeMlsMessage(update.message))).kind).toBe(
      "proposal",
    )
    const aliceWithUpdate = await processMessage(
      update.message as MlsPublicMessage,
      addCarol.newState,
      emptyPskIndex,
      acceptAll,
      cs,
    )
    const commit = await createCommit(
      { state: aliceWithUpdate.newState, cipherSuite: cs, pskIndex: emptyPskIndex },
      {},
    )
    const before = await storeSnapshot(store)

    const err = await rejected(
      client.processMessage(bobGroup, encodeMlsMessage(commit.commit)),
      InvalidMessageError,
      "protocol_violation",
    )
    expect(err.message).toBe(
      "the commit is invalid: an Update proposal keeps the encryption key of the leaf it replaces",
    )
    expect(await storeSnapshot(store)).toBe(before)
  })

  it("refuses to add a key package whose encryption key a member already uses, and changes nothing", async () => {
    const store = new InMemoryStore()
    const client = makeClient({ store })
    const alice = (await client.createIdentity("alice")).id
    const bob = (await client.createIdentity("bob")).id
    const group = await client.createGroup(alice, "g")
    const [bobBytes] = await client.generateKeyPackages(bob, 1)
    await client.addMembers(group, [bobBytes!])
    const carol = await keyPackageWithEncryptionKey(
      "carol",
      keyPackageOf(bobBytes!).leafNode.hpkePublicKey,
    )
    const before = await storeSnapshot(store)

    const err = await rejected(
      client.addMembers(group, [
        encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: carol }),
      ]),
      InvalidInputError,
      undefined,
    )
    expect(err.message).toBe(
      "the commit cannot be made: two nodes of the ratchet tree would share an encryption key",
    )
    expect(await storeSnapshot(store)).toBe(before)
    expect((await client.group(group)).epoch).toBe(1)
  })
})
