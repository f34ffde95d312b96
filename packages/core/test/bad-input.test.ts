import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { InMemoryStore, MlsClient, MlskitError } from "../src/index.js"
import { STATE_KEY, storeSnapshot, text } from "./helpers.js"
import { hex, readVectors, VECTOR_TESTS_RUN } from "./vectors.js"

const SEED = 20261125
const RUNS = 60

interface World {
  store: InMemoryStore
  client: MlsClient
  alice: string
  bob: string
  carol: string
  ga: string
  gb: string
  /** A real application message, commit and welcome seen by bob. */
  ciphertext: Uint8Array
  oldCommit: Uint8Array
  welcome: Uint8Array
  keyPackage: Uint8Array
  otherGroupMessage: Uint8Array
}

let w: World

beforeAll(async () => {
  const store = new InMemoryStore()
  const client = new MlsClient({ store, stateKey: STATE_KEY, maxMessageBytes: 64 * 1024 })
  const alice = (await client.createIdentity("alice")).id
  const bob = (await client.createIdentity("bob")).id
  const carol = (await client.createIdentity("carol")).id
  const ga = await client.createGroup(alice, "g")
  const added = await client.addMembers(ga, await client.generateKeyPackages(bob, 1))
  const gb = await client.joinGroup(bob, added.welcome)
  const ciphertext = await client.sendMessage(ga, text("secret words"))
  await client.processMessage(gb, ciphertext)
  const oldCommit = await client.selfUpdate(ga)
  await client.processMessage(gb, oldCommit)
  const other = await client.createGroup(carol, "other")
  const otherGroupMessage = await client.sendMessage(other, text("elsewhere"))
  const [keyPackage] = await client.generateKeyPackages(carol, 1)
  w = {
    store,
    client,
    alice,
    bob,
    carol,
    ga,
    gb,
    ciphertext,
    oldCommit,
    welcome: added.welcome,
    keyPackage: keyPackage!,
    otherGroupMessage,
  }
})

/** Run `attempt` and assert it fails with a typed error and leaves the store byte-identical. */
async function rejectsCleanly(
  attempt: () => Promise<unknown>,
  code?: string,
): Promise<MlskitError> {
  const before = await storeSnapshot(w.store)
  let error: unknown
  try {
    await attempt()
  } catch (err) {
    error = err
  }
  expect(MlskitError.isInstance(error), `expected a typed error, got ${String(error)}`).toBe(true)
  if (code) expect((error as MlskitError).code).toBe(code)
  expect(await storeSnapshot(w.store)).toBe(before)
  expect((error as Error).message).not.toContain("secret words")
  return error as MlskitError
}

function mutations(seed: Uint8Array) {
  return fc.oneof(
    fc.constant(new Uint8Array()),
    fc.nat({ max: Math.max(0, seed.length - 1) }).map((n) => seed.slice(0, n)),
    fc.uint8Array({ minLength: 1, maxLength: 600 }),
    fc.tuple(fc.nat({ max: seed.length * 8 - 1 }), fc.nat({ max: 7 })).map(([bit, extra]) => {
      const copy = new Uint8Array(seed)
      copy[bit >> 3]! ^= 1 << (bit & 7)
      if (extra > 5) copy[(bit + 1) % copy.length]! ^= 0xff
      return copy
    }),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((tail) => new Uint8Array([...seed, ...tail])),
  )
}

/** The first ten values of `field` in messages.json (throws when the vectors are required but absent). */
function vectorSeeds(field: string): Uint8Array[] {
  const seeds = readVectors<Record<string, string>[]>("messages.json")
    .slice(0, 10)
    .map((v) => hex(v[field]!))
  expect(seeds).toHaveLength(10)
  return seeds
}

describe("processMessage rejects bad input with a typed error and changes nothing", () => {
  it("rejects empty, truncated, random, bit-flipped and extended ciphertexts", async () => {
    await fc.assert(
      fc.asyncProperty(mutations(w.ciphertext), async (bytes) => {
        await rejectsCleanly(() => w.client.processMessage(w.gb, bytes))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it.skipIf(!VECTOR_TESTS_RUN)(
    "rejects mutations of every protocol message type in messages.json",
    async () => {
      const seeds = [
        ...vectorSeeds("private_message"),
        ...vectorSeeds("public_message_commit"),
        ...vectorSeeds("public_message_proposal"),
        ...vectorSeeds("public_message_application"),
        ...vectorSeeds("mls_welcome"),
      ]
      for (const seed of seeds) await rejectsCleanly(() => w.client.processMessage(w.gb, seed))
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...seeds).chain(mutations), async (bytes) => {
          await rejectsCleanly(() => w.client.processMessage(w.gb, bytes))
        }),
        { seed: SEED, numRuns: RUNS },
      )
    },
  )

  it("rejects an oversized message as InvalidInput", async () => {
    await rejectsCleanly(
      () => w.client.processMessage(w.gb, new Uint8Array(64 * 1024 + 1)),
      "INVALID_INPUT",
    )
  })

  it("rejects a replayed application message", async () => {
    await rejectsCleanly(() => w.client.processMessage(w.gb, w.ciphertext))
  })

  it("rejects a commit from an old epoch", async () => {
    await rejectsCleanly(() => w.client.processMessage(w.gb, w.oldCommit), "INVALID_MESSAGE")
  })

  it("rejects a message for another group", async () => {
    await rejectsCleanly(
      () => w.client.processMessage(w.gb, w.otherGroupMessage),
      "INVALID_MESSAGE",
    )
  })

  it("rejects a message sent to the wrong local group id", async () => {
    await rejectsCleanly(
      () => w.client.processMessage("nope.AAAA", w.ciphertext),
      "GROUP_NOT_FOUND",
    )
    await rejectsCleanly(
      () => w.client.processMessage("not a group id", w.ciphertext),
      "INVALID_INPUT",
    )
  })

  it("rejects values that are not bytes", async () => {
    await rejectsCleanly(
      () => w.client.processMessage(w.gb, "hello" as unknown as Uint8Array),
      "INVALID_INPUT",
    )
    await rejectsCleanly(
      () => w.client.processMessage(w.gb, null as unknown as Uint8Array),
      "INVALID_INPUT",
    )
  })
})

describe("joinGroup rejects bad welcomes with a typed error and changes nothing", () => {
  it("rejects empty, truncated, random and bit-flipped welcomes", async () => {
    await fc.assert(
      fc.asyncProperty(mutations(w.welcome), async (bytes) => {
        await rejectsCleanly(() => w.client.joinGroup(w.carol, bytes))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it.skipIf(!VECTOR_TESTS_RUN)(
    "rejects the welcome vectors of messages.json, which address no local key package",
    async () => {
      for (const seed of vectorSeeds("mls_welcome")) {
        await rejectsCleanly(() => w.client.joinGroup(w.carol, seed), "NOT_FOUND")
      }
    },
  )

  it("rejects a replayed welcome whose key package was consumed", async () => {
    await rejectsCleanly(() => w.client.joinGroup(w.bob, w.welcome), "NOT_FOUND")
  })

  it("rejects a welcome meant for another identity", async () => {
    await rejectsCleanly(() => w.client.joinGroup(w.carol, w.welcome), "NOT_FOUND")
  })

  it("rejects an oversized welcome and a malformed ratchet tree", async () => {
    await rejectsCleanly(
      () => w.client.joinGroup(w.carol, new Uint8Array(64 * 1024 + 1)),
      "INVALID_INPUT",
    )
    await rejectsCleanly(
      () => w.client.joinGroup(w.carol, w.welcome, new Uint8Array([1, 2, 3])),
      "INVALID_MESSAGE",
    )
  })
})

describe("addMembers rejects bad key packages with a typed error and changes nothing", () => {
  it("rejects empty, truncated, random and bit-flipped key packages", async () => {
    await fc.assert(
      fc.asyncProperty(mutations(w.keyPackage), async (bytes) => {
        await rejectsCleanly(() => w.client.addMembers(w.ga, [bytes]))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it.skipIf(!VECTOR_TESTS_RUN)("rejects mutated key packages from messages.json", async () => {
    const seeds = vectorSeeds("mls_key_package")
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seeds).chain(mutations), async (bytes) => {
        await rejectsCleanly(() => w.client.addMembers(w.ga, [bytes]))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it("rejects an empty list, a non-array, an oversized package and a member who is already in the group", async () => {
    await rejectsCleanly(() => w.client.addMembers(w.ga, []), "INVALID_INPUT")
    await rejectsCleanly(
      () => w.client.addMembers(w.ga, "kp" as unknown as Uint8Array[]),
      "INVALID_INPUT",
    )
    await rejectsCleanly(
      () => w.client.addMembers(w.ga, [new Uint8Array(64 * 1024 + 1)]),
      "INVALID_INPUT",
    )
    await rejectsCleanly(() => w.client.addMembers(w.ga, [w.keyPackage, w.keyPackage]))
  })

  it("still works after all of the above", async () => {
    const { welcome } = await w.client.addMembers(w.ga, [w.keyPackage])
    const gc = await w.client.joinGroup(w.carol, welcome)
    const ct = await w.client.sendMessage(gc, text("alive"))
    const r = await w.client.processMessage(w.ga, ct)
    expect(r.kind).toBe("application")
  })
})
