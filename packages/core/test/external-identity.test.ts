/**
 * Identities whose keys live elsewhere: core stores an external member's
 * name and the key packages it made itself (here with ts-mls directly, as a
 * browser would), checks each package before storing it, lets hosted
 * members add the identity with them, and refuses everything that would
 * need the identity's private keys.
 */
import {
  type CiphersuiteImpl,
  type ClientState,
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
  type Lifetime,
  type PrivateKeyPackage,
} from "ts-mls"
import { signKeyPackage } from "ts-mls/keyPackage.js"
import { beforeAll, describe, expect, it } from "vitest"
import {
  BlobKind,
  type CiphersuiteName,
  ConflictError,
  createAtRestCipher,
  DEFAULT_CIPHERSUITE,
  exportSnapshot,
  HOSTED_METADATA_KEY,
  InMemoryStore,
  InvalidInputError,
  InvalidMessageError,
  importSnapshot,
  KeysElsewhereError,
  type MlskitError,
  StorageError,
  TS_MLS_VERSION,
} from "../src/index.js"
import { openSignatureKey } from "../src/sealed-records.js"
import { makeClient, STATE_KEY, storeSnapshot, text } from "./helpers.js"

const FOREIGN_SUITE: CiphersuiteName = "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"

/** A key package made outside core, as an external member's own MLS client makes it. */
interface MadeElsewhere {
  bytes: Uint8Array
  publicPackage: KeyPackage
  privatePackage: PrivateKeyPackage
}

const suites = new Map<CiphersuiteName, CiphersuiteImpl>()

beforeAll(async () => {
  for (const name of [DEFAULT_CIPHERSUITE, FOREIGN_SUITE])
    suites.set(name, await getCiphersuiteImpl(getCiphersuiteFromName(name)))
})

function suiteImpl(name: CiphersuiteName = DEFAULT_CIPHERSUITE): CiphersuiteImpl {
  const cs = suites.get(name)
  if (!cs) throw new Error(`suite ${name} not loaded`)
  return cs
}

const asMessage = (keyPackage: KeyPackage): Uint8Array =>
  encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage })

async function madeElsewhere(
  options: { name?: string; suite?: CiphersuiteName; lifetime?: Lifetime } = {},
): Promise<MadeElsewhere> {
  const { publicPackage, privatePackage } = await generateKeyPackage(
    { credentialType: "basic", identity: text(options.name ?? "ext-bob") },
    defaultCapabilities(),
    options.lifetime ?? defaultLifetime,
    [],
    suiteImpl(options.suite),
  )
  return { bytes: asMessage(publicPackage), publicPackage, privatePackage }
}

/** A client with hosted alice and external ext-bob on a fresh memory store. */
async function setup(options: Parameters<typeof makeClient>[0] = {}) {
  const store = options.store instanceof InMemoryStore ? options.store : new InMemoryStore()
  const client = makeClient({ ...options, store })
  const alice = await client.createIdentity("alice")
  const bob = await client.createExternalIdentity("ext-bob", { metadata: { team: "blue" } })
  return { store, client, alice, bob }
}

/** Expect `attempt` to fail with `type`, a message containing `words`, and the store unchanged. */
async function expectRefused(
  store: InMemoryStore,
  attempt: () => Promise<unknown>,
  type: abstract new (...args: never[]) => MlskitError,
  words: string,
): Promise<MlskitError> {
  const before = await storeSnapshot(store)
  const error = await attempt().then(
    () => {
      throw new Error("expected a refusal")
    },
    (err: unknown) => err,
  )
  expect(error).toBeInstanceOf(type)
  expect((error as Error).message).toContain(words)
  expect(await storeSnapshot(store)).toBe(before)
  return error as MlskitError
}

const flipLastByte = (bytes: Uint8Array): Uint8Array => {
  const out = bytes.slice()
  out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 0x01
  return out
}

describe("createExternalIdentity", () => {
  it("reports hosted: false with no signature key; hosted identities report hosted: true", async () => {
    const { client, alice, bob } = await setup()
    expect(bob).toMatchObject({ name: "ext-bob", hosted: false, metadata: { team: "blue" } })
    expect(bob.signaturePublicKey).toEqual(new Uint8Array(0))
    expect(bob.ciphersuite).toBe(client.config.ciphersuite)
    expect(alice.hosted).toBe(true)
    expect(await client.getIdentity(bob.id)).toEqual(bob)
    expect(await client.getIdentity(alice.id)).toEqual(alice)
    const listed = await client.listIdentities()
    expect(Object.fromEntries(listed.map((i) => [i.name, i.hosted]))).toEqual({
      alice: true,
      "ext-bob": false,
    })
  })

  it("stores a normal record: empty public key, the seal of an empty key, the reserved marker", async () => {
    const { store, bob } = await setup()
    const record = await store.getIdentity(bob.id)
    expect(record?.signaturePublicKey).toEqual(new Uint8Array(0))
    expect(record?.metadata).toEqual({ team: "blue", [HOSTED_METADATA_KEY]: "false" })
    const opened = createAtRestCipher(STATE_KEY, TS_MLS_VERSION).open(record!.sealedSignatureKey, {
      kind: BlobKind.SignatureKey,
      context: `identity:${bob.id}`,
    })
    expect(opened.plaintext).toEqual(new Uint8Array(0))
  })

  it("follows createIdentity's name rules and, like it, allows a name twice", async () => {
    const { store, client } = await setup()
    await expectRefused(store, () => client.createExternalIdentity(""), InvalidInputError, "name")
    await expectRefused(
      store,
      () => client.createExternalIdentity("x".repeat(257)),
      InvalidInputError,
      "name",
    )
    const again = await client.createExternalIdentity("ext-bob")
    const hostedAgain = await client.createIdentity("alice")
    expect((await client.listIdentities()).length).toBe(4)
    expect(again.hosted).toBe(false)
    expect(hostedAgain.hosted).toBe(true)
  })

  it("refuses the reserved marker in caller metadata, for both kinds of identity", async () => {
    const { store, client } = await setup()
    const metadata = { [HOSTED_METADATA_KEY]: "false" }
    await expectRefused(
      store,
      () => client.createExternalIdentity("carol", { metadata }),
      InvalidInputError,
      HOSTED_METADATA_KEY,
    )
    await expectRefused(
      store,
      () => client.createIdentity("carol", { metadata }),
      InvalidInputError,
      HOSTED_METADATA_KEY,
    )
  })
})

describe("setIdentityMetadata and the reserved marker", () => {
  it("keeps the marker when metadata is replaced without it", async () => {
    const { store, client, bob } = await setup()
    await client.setIdentityMetadata(bob.id, { token: "t1" })
    expect((await store.getIdentity(bob.id))?.metadata).toEqual({
      token: "t1",
      [HOSTED_METADATA_KEY]: "false",
    })
    const info = await client.getIdentity(bob.id)
    expect(info).toMatchObject({ hosted: false, metadata: { token: "t1" } })
  })

  it("accepts the marker passed back unchanged (read, modify, write)", async () => {
    const { client, bob } = await setup()
    await client.setIdentityMetadata(bob.id, { [HOSTED_METADATA_KEY]: "false", token: "t2" })
    expect(await client.getIdentity(bob.id)).toMatchObject({
      hosted: false,
      metadata: { token: "t2" },
    })
  })

  it("refuses to flip it either way and changes nothing", async () => {
    const { store, client, alice, bob } = await setup()
    for (const value of ["true", "", "no"]) {
      await expectRefused(
        store,
        () => client.setIdentityMetadata(bob.id, { [HOSTED_METADATA_KEY]: value }),
        InvalidInputError,
        HOSTED_METADATA_KEY,
      )
    }
    await expectRefused(
      store,
      () => client.setIdentityMetadata(alice.id, { [HOSTED_METADATA_KEY]: "false" }),
      InvalidInputError,
      HOSTED_METADATA_KEY,
    )
    expect((await client.getIdentity(bob.id)).hosted).toBe(false)
    expect((await client.getIdentity(alice.id)).hosted).toBe(true)
  })
})

describe("publishExternalKeyPackages", () => {
  it("stores checked packages with sealed empty private keys; listKeyPackages shows them", async () => {
    const { store, client, bob } = await setup()
    const made = [await madeElsewhere(), await madeElsewhere(), await madeElsewhere()]
    const { refs } = await client.publishExternalKeyPackages(
      bob.id,
      made.map((m) => m.bytes),
    )
    expect(refs).toHaveLength(3)
    for (const [i, m] of made.entries())
      expect((await client.inspectKeyPackage(m.bytes)).ref).toBe(refs[i])
    const listed = await client.listKeyPackages(bob.id)
    expect(listed.map((k) => k.ref).sort()).toEqual([...refs].sort())
    for (const k of listed) {
      expect(k.lastResort).toBe(false)
      expect(k.keyPackage).toEqual(made[refs.indexOf(k.ref)]!.bytes)
      const record = await store.getKeyPackage(k.ref)
      const opened = createAtRestCipher(STATE_KEY, TS_MLS_VERSION).open(record!.sealedPrivateKeys, {
        kind: BlobKind.KeyPackagePrivate,
        context: `keypackage:${k.ref}`,
      })
      expect(opened.plaintext).toEqual(new Uint8Array(0))
    }
  })

  it("lets a hosted member add the identity; its own client joins from the Welcome", async () => {
    const { store, client, alice, bob } = await setup()
    const made = await madeElsewhere()
    const [ref] = (await client.publishExternalKeyPackages(bob.id, [made.bytes])).refs
    const claimed = await store.consumeKeyPackage(ref!)
    expect(claimed?.identityId).toBe(bob.id)
    const group = await client.createGroup(alice.id, "team")
    const added = await client.addMembers(group, [claimed!.keyPackage])
    const [message] = decodeMlsMessage(added.welcome, 0) ?? []
    if (message?.wireformat !== "mls_welcome") throw new Error("expected a welcome")
    const bobState: ClientState = await joinGroup(
      message.welcome,
      made.publicPackage,
      made.privatePackage,
      emptyPskIndex,
      suiteImpl(),
    )
    expect(Number(bobState.groupContext.epoch)).toBe(added.epoch)
    expect((await client.members(group)).map((m) => m.identity)).toEqual(["alice", "ext-bob"])
  })

  it("accepts a lifetime covering now, bounds included", async () => {
    const { client, bob } = await setup()
    const lifetime = { notBefore: 1_000n, notAfter: 2_000n }
    await client.publishExternalKeyPackages(bob.id, [(await madeElsewhere({ lifetime })).bytes], {
      now: 1_000,
    })
    await client.publishExternalKeyPackages(bob.id, [(await madeElsewhere({ lifetime })).bytes], {
      now: 2_000,
    })
    expect(await client.listKeyPackages(bob.id)).toHaveLength(2)
  })

  describe("refuses a bad package, names it, and stores nothing", () => {
    const cases: {
      name: string
      bytes: (good: MadeElsewhere) => Promise<Uint8Array>
      type: abstract new (...args: never[]) => MlskitError
      words: string
      reason?: string
    }[] = [
      {
        name: "another name",
        bytes: async () => (await madeElsewhere({ name: "ext-bobby" })).bytes,
        type: InvalidInputError,
        words: "names another identity",
      },
      {
        name: "a name differing in case",
        bytes: async () => (await madeElsewhere({ name: "Ext-bob" })).bytes,
        type: InvalidInputError,
        words: "names another identity",
      },
      {
        name: "a foreign ciphersuite",
        bytes: async () => (await madeElsewhere({ suite: FOREIGN_SUITE })).bytes,
        type: InvalidInputError,
        words: FOREIGN_SUITE,
        reason: "ciphersuite_mismatch",
      },
      {
        name: "an expired lifetime",
        bytes: async () =>
          (await madeElsewhere({ lifetime: { notBefore: 0n, notAfter: 999n } })).bytes,
        type: InvalidInputError,
        words: "expired or not yet valid",
        reason: "key_package_lifetime",
      },
      {
        name: "a lifetime not yet begun",
        bytes: async () =>
          (await madeElsewhere({ lifetime: { notBefore: 2_001n, notAfter: 9_999n } })).bytes,
        type: InvalidInputError,
        words: "expired or not yet valid",
        reason: "key_package_lifetime",
      },
      {
        name: "a bit-flipped key package signature",
        bytes: async (good) => flipLastByte(good.bytes),
        type: InvalidInputError,
        words: "key package's signature does not verify",
        reason: "protocol_violation",
      },
      {
        name: "a bit-flipped leaf node signature",
        bytes: async (good) => {
          const signature = flipLastByte(good.publicPackage.leafNode.signature)
          const leafNode = { ...good.publicPackage.leafNode, signature }
          return asMessage({ ...good.publicPackage, leafNode })
        },
        type: InvalidInputError,
        words: "leaf node's signature does not verify",
        reason: "protocol_violation",
      },
      {
        name: "a signature by another key",
        bytes: async (good) => {
          const other = await madeElsewhere()
          return asMessage({ ...good.publicPackage, signature: other.publicPackage.signature })
        },
        type: InvalidInputError,
        words: "signature does not verify",
      },
      {
        name: "an init key equal to the encryption key (validly signed)",
        bytes: async (good) => {
          const cs = suiteImpl()
          const { signature: _kpSig, ...tbs } = good.publicPackage
          const signed = await signKeyPackage(
            { ...tbs, initKey: tbs.leafNode.hpkePublicKey },
            good.privatePackage.signaturePrivateKey,
            cs.signature,
          )
          return asMessage(signed)
        },
        type: InvalidInputError,
        words: "init key equals its leaf's encryption key",
      },
      {
        name: "a truncated package",
        bytes: async (good) => good.bytes.slice(0, -1),
        type: InvalidMessageError,
        words: "is not one MLSMessage",
        reason: "malformed",
      },
      {
        name: "trailing bytes",
        bytes: async (good) => new Uint8Array([...good.bytes, 0]),
        type: InvalidMessageError,
        words: "is not one MLSMessage",
        reason: "malformed",
      },
      {
        name: "a bare KeyPackage without MLSMessage framing",
        bytes: async (good) => good.bytes.slice(4),
        type: InvalidMessageError,
        words: "MLSMessage",
      },
      {
        name: "random bytes",
        bytes: async () => new Uint8Array(200).map((_, i) => (i * 37 + 11) & 0xff),
        type: InvalidMessageError,
        words: "is not one MLSMessage",
      },
      {
        name: "empty bytes",
        bytes: async () => new Uint8Array(0),
        type: InvalidMessageError,
        words: "is empty",
      },
    ]

    it.each(cases)("$name", async ({ bytes, type, words, reason }) => {
      const { store, client, bob } = await setup()
      const good = await madeElsewhere({ lifetime: { notBefore: 1_000n, notAfter: 2_000n } })
      const bad = await bytes(good)
      const error = await expectRefused(
        store,
        () => client.publishExternalKeyPackages(bob.id, [bad], { now: 1_500 }),
        type,
        words,
      )
      expect(error.message).toContain("key package 0")
      if (reason !== undefined) expect(error.reason).toBe(reason)
      // The same package in third place of a batch: named by its index, none of the batch stored.
      const others = [(await madeElsewhere()).bytes, good.bytes]
      const mixed = await expectRefused(
        store,
        () => client.publishExternalKeyPackages(bob.id, [...others, bad], { now: 1_500 }),
        type,
        words,
      )
      expect(mixed.message).toContain("key package 2")
      expect(await client.listKeyPackages(bob.id)).toEqual([])
    })

    it("a welcome (another wire format)", async () => {
      const { store, client, alice, bob } = await setup()
      const carol = await client.createIdentity("carol")
      const group = await client.createGroup(alice.id, "g")
      const { welcome } = await client.addMembers(
        group,
        await client.generateKeyPackages(carol.id, 1),
      )
      await expectRefused(
        store,
        () => client.publishExternalKeyPackages(bob.id, [welcome]),
        InvalidMessageError,
        "key package 0: expected a key package, got mls_welcome",
      )
    })

    it("a package over the message size limit", async () => {
      const good = await madeElsewhere()
      const { store, client, bob } = await setup({ maxMessageBytes: good.bytes.length - 1 })
      await expectRefused(
        store,
        () => client.publishExternalKeyPackages(bob.id, [good.bytes]),
        InvalidInputError,
        `key package 0 is ${good.bytes.length} bytes; the limit is ${good.bytes.length - 1}`,
      )
    })
  })

  it("refuses a package already stored, by this identity or another, with ConflictError", async () => {
    const { store, client, bob } = await setup()
    const made = await madeElsewhere()
    await client.publishExternalKeyPackages(bob.id, [made.bytes])
    const fresh = await madeElsewhere()
    const again = await expectRefused(
      store,
      () => client.publishExternalKeyPackages(bob.id, [fresh.bytes, made.bytes]),
      ConflictError,
      "key package 1 is already stored",
    )
    expect(again.retryable).toBe(false)
    const twin = await client.createExternalIdentity("ext-bob")
    await expectRefused(
      store,
      () => client.publishExternalKeyPackages(twin.id, [made.bytes]),
      ConflictError,
      "key package 0 is already stored",
    )
    expect(await client.listKeyPackages(bob.id)).toHaveLength(1)
    expect(await client.listKeyPackages(twin.id)).toEqual([])
  })

  it("refuses a batch repeating a package with ConflictError", async () => {
    const { store, client, bob } = await setup()
    const made = await madeElsewhere()
    await expectRefused(
      store,
      () => client.publishExternalKeyPackages(bob.id, [made.bytes, made.bytes]),
      ConflictError,
      "key package 1 repeats key package 0",
    )
  })

  it("replaces the last-resort package and keeps the others", async () => {
    const { store, client, bob } = await setup()
    const normal = (
      await client.publishExternalKeyPackages(bob.id, [(await madeElsewhere()).bytes])
    ).refs[0]
    const first = (
      await client.publishExternalKeyPackages(bob.id, [(await madeElsewhere()).bytes], {
        lastResort: true,
      })
    ).refs[0]
    expect((await store.getKeyPackage(first!))?.lastResort).toBe(true)
    const second = (
      await client.publishExternalKeyPackages(bob.id, [(await madeElsewhere()).bytes], {
        lastResort: true,
      })
    ).refs[0]
    const listed = await client.listKeyPackages(bob.id)
    expect(listed.map((k) => [k.ref, k.lastResort]).sort()).toEqual(
      [
        [normal, false],
        [second, true],
      ].sort(),
    )
    expect(await store.getKeyPackage(first!)).toBeUndefined()
  })

  it("takes exactly one last-resort package", async () => {
    const { store, client, bob } = await setup()
    const two = [(await madeElsewhere()).bytes, (await madeElsewhere()).bytes]
    await expectRefused(
      store,
      () => client.publishExternalKeyPackages(bob.id, two, { lastResort: true }),
      InvalidInputError,
      "published alone",
    )
  })

  it("refuses a last-resort replacement on a store that cannot delete key packages", async () => {
    const store = new InMemoryStore()
    Object.defineProperty(store, "deleteKeyPackage", { value: undefined })
    const { client, bob } = await setup({ store })
    const lastResort = { lastResort: true }
    await client.publishExternalKeyPackages(bob.id, [(await madeElsewhere()).bytes], lastResort)
    await expectRefused(
      store,
      async () =>
        client.publishExternalKeyPackages(bob.id, [(await madeElsewhere()).bytes], lastResort),
      StorageError,
      "deleteKeyPackage",
    )
  })

  it("refuses a hosted identity: it generates its own", async () => {
    const { store, client, alice } = await setup()
    const made = await madeElsewhere({ name: "alice" })
    const error = await expectRefused(
      store,
      () => client.publishExternalKeyPackages(alice.id, [made.bytes]),
      InvalidInputError,
      'identity "alice" is hosted',
    )
    expect(error).not.toBeInstanceOf(KeysElsewhereError)
  })

  it("refuses malformed arguments", async () => {
    const { store, client, bob } = await setup()
    const made = await madeElsewhere()
    const calls: [() => Promise<unknown>, string][] = [
      [() => client.publishExternalKeyPackages(bob.id, []), "non-empty array"],
      [() => client.publishExternalKeyPackages(bob.id, [made.bytes], { now: -1 }), "now"],
      [() => client.publishExternalKeyPackages(bob.id, [made.bytes], { now: 1.5 }), "now"],
      [
        () =>
          client.publishExternalKeyPackages(bob.id, [made.bytes], {
            lastResort: "yes" as unknown as boolean,
          }),
        "lastResort",
      ],
      [() => client.publishExternalKeyPackages("no such id!", [made.bytes]), "identity id"],
    ]
    for (const [call, words] of calls) await expectRefused(store, call, InvalidInputError, words)
  })
})

describe("operations that need the identity's keys", () => {
  async function refusedAll() {
    const ctx = await setup()
    const made = await madeElsewhere()
    await ctx.client.publishExternalKeyPackages(ctx.bob.id, [made.bytes])
    return { ...ctx, made }
  }

  const isKeysElsewhere = (error: MlskitError) => {
    expect(error).toBeInstanceOf(KeysElsewhereError)
    expect(error).toBeInstanceOf(InvalidInputError)
    expect(error.code).toBe("INVALID_INPUT")
    expect(error.message).toBe('identity "ext-bob" keeps its keys elsewhere')
  }

  it("generateKeyPackages", async () => {
    const { store, client, bob } = await refusedAll()
    isKeysElsewhere(
      await expectRefused(
        store,
        () => client.generateKeyPackages(bob.id, 2),
        KeysElsewhereError,
        "elsewhere",
      ),
    )
  })

  it("createGroup", async () => {
    const { store, client, bob } = await refusedAll()
    isKeysElsewhere(
      await expectRefused(
        store,
        () => client.createGroup(bob.id, "g"),
        KeysElsewhereError,
        "elsewhere",
      ),
    )
  })

  it("joinGroup, even from a Welcome addressed to its published package", async () => {
    const { store, client, alice, bob, made } = await refusedAll()
    const group = await client.createGroup(alice.id, "g")
    const { welcome } = await client.addMembers(group, [made.bytes])
    isKeysElsewhere(
      await expectRefused(
        store,
        () => client.joinGroup(bob.id, welcome),
        KeysElsewhereError,
        "elsewhere",
      ),
    )
  })

  it("joinByExternalCommit", async () => {
    const { store, client, alice, bob } = await refusedAll()
    const group = await client.createGroup(alice.id, "g")
    const info = await client.groupInfo(group)
    isKeysElsewhere(
      await expectRefused(
        store,
        () => client.joinByExternalCommit(bob.id, info),
        KeysElsewhereError,
        "elsewhere",
      ),
    )
  })

  it("importKeyPackage", async () => {
    const { store, client, bob, made } = await refusedAll()
    const keys = {
      initPrivateKey: made.privatePackage.initPrivateKey,
      hpkePrivateKey: made.privatePackage.hpkePrivateKey,
    }
    isKeysElsewhere(
      await expectRefused(
        store,
        () => client.importKeyPackage(bob.id, made.bytes, keys),
        KeysElsewhereError,
        "elsewhere",
      ),
    )
  })

  it("opening the sealed signature key itself", async () => {
    const { store, bob } = await refusedAll()
    const record = await store.getIdentity(bob.id)
    const cipher = createAtRestCipher(STATE_KEY, TS_MLS_VERSION)
    expect(() => openSignatureKey(cipher, record!)).toThrow(KeysElsewhereError)
  })

  it("leaves deleteIdentity working: the identity and its packages go", async () => {
    const { store, client, bob } = await refusedAll()
    await client.deleteIdentity(bob.id)
    expect(await store.getIdentity(bob.id)).toBeUndefined()
    expect(await store.listKeyPackages(bob.id)).toEqual([])
  })
})

describe("snapshots", () => {
  it("keep an external identity external, with its packages", async () => {
    const { store, client, bob } = await setup()
    const { refs } = await client.publishExternalKeyPackages(bob.id, [
      (await madeElsewhere()).bytes,
    ])
    const { bytes } = await exportSnapshot(store, STATE_KEY)
    const restoredStore = new InMemoryStore()
    await importSnapshot(restoredStore, STATE_KEY, bytes)
    const restored = makeClient({ store: restoredStore })
    expect(await restored.getIdentity(bob.id)).toEqual(await client.getIdentity(bob.id))
    expect((await restored.getIdentity(bob.id)).hosted).toBe(false)
    expect((await restored.listKeyPackages(bob.id)).map((k) => k.ref)).toEqual(refs)
    await expectRefused(
      restoredStore,
      () => restored.generateKeyPackages(bob.id, 1),
      KeysElsewhereError,
      "elsewhere",
    )
  })
})
