/**
 * Bad input on every route of members whose keys live elsewhere, over real
 * sockets: truncated, bit-flipped, wrong group, wrong epoch, oversized,
 * replayed and foreign-suite messages, Welcomes and key packages get 4xx,
 * and nothing is appended, published or registered.
 */
import {
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
} from "ts-mls"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DeliveryApi, refusalOf, statusOf } from "./delivery-api.js"
import { createUsers, startTestServer, type TestServer } from "./helpers.js"
import { TsMlsMember } from "./ts-mls-member.js"

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url")
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, "base64url"))

/** Flip one bit of byte `at` (negative: from the end). */
function flip(text: string, at: number): string {
  const bytes = unb64(text)
  const i = at < 0 ? bytes.length + at : at
  bytes[i] = (bytes[i] as number) ^ 0x01
  return b64(bytes)
}

/** A PrivateMessage with its clear-text epoch replaced (RFC 9420 section 6.3.1 framing). */
function withEpoch(text: string, epoch: number): string {
  const bytes = unb64(text)
  const prefix = (bytes[4] as number) >> 6
  const lengthBytes = 1 << prefix
  let groupIdLength = (bytes[4] as number) & 0x3f
  for (let i = 1; i < lengthBytes; i++)
    groupIdLength = groupIdLength * 256 + (bytes[4 + i] as number)
  const at = 4 + lengthBytes + groupIdLength
  new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, BigInt(epoch))
  return b64(bytes)
}

describe("members whose keys live elsewhere: bad input changes nothing", () => {
  let server: TestServer
  let admin: DeliveryApi
  let alice: DeliveryApi
  let eve: { id: string; api: DeliveryApi; mls: TsMlsMember }
  let groupId: string
  let otherGroupId: string

  async function externalIdentity(name: string) {
    const created = await admin.call<{ id: string; token: string }>("POST", "/v1/identities", {
      name,
      hosted: false,
    })
    return {
      id: created.id,
      api: new DeliveryApi(server.server.url, created.token),
      mls: await TsMlsMember.create(name),
    }
  }

  const published = async (identityId: string) =>
    (await server.service.client.listKeyPackages(identityId)).length
  const head = async (id: string) =>
    (await alice.logPage(id, 0, { limit: 1000 })).entries.at(-1)?.seq ?? 0

  beforeAll(async () => {
    server = await startTestServer({
      env: { MLSKIT_DELIVERY_DRIVER: "store", MLSKIT_LOGGING_LEVEL: "warn" },
    })
    admin = new DeliveryApi(server.server.url, server.server.adminToken.token)
    alice = new DeliveryApi(
      server.server.url,
      (await createUsers(server.admin, "alice")).alice.token,
    )
    eve = await externalIdentity("eve")
    await eve.api.uploadKeyPackages(await eve.mls.keyPackages(2))
    // Eve in two groups of alice's: messages of one are the wrong group for the other.
    for (const name of ["one", "two"]) {
      const created = await alice.createGroup(name)
      const added = await alice.add(created.groupId, { identities: ["eve"] })
      const welcome = (await eve.api.welcomes()).welcomes.find((w) => w.groupId === created.groupId)
      if (name === "one") {
        await eve.mls.join(welcome?.welcome as string, added.seq)
        groupId = created.groupId
      } else otherGroupId = created.groupId
    }
    await server.service.delivery?.idle()
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
  })

  describe("POST /v1/key-packages", () => {
    async function refused(keyPackages: string[], status: number | number[]): Promise<void> {
      const before = await published(eve.id)
      const err = await refusalOf(eve.api.uploadKeyPackages(keyPackages))
      expect([status].flat()).toContain(err.status)
      expect(await published(eve.id)).toBe(before)
    }

    it("refuses truncated, bit-flipped, trailing-byte and non-key-package bytes", async () => {
      const [good] = await eve.mls.keyPackages(1)
      const bytes = unb64(good as string)
      await refused([b64(bytes.subarray(0, bytes.length - 10))], 400)
      await refused([b64(bytes.subarray(0, 3))], 400)
      await refused([flip(good as string, -5)], 400) // inside the package's signature
      await refused([flip(good as string, 40)], 400) // inside the signed content
      await refused([b64(new Uint8Array([...bytes, 0]))], 400)
      await refused([b64(new Uint8Array(64).fill(7))], 400)
      const message = await eve.mls.message("not a key package")
      await refused([message], 400)
    })

    it("refuses another identity's name, a foreign ciphersuite and an oversized package", async () => {
      const mallory = await TsMlsMember.create("mallory")
      await refused(await mallory.keyPackages(1), 400)
      const p256 = await getCiphersuiteImpl(
        getCiphersuiteFromName("MLS_128_DHKEMP256_AES128GCM_SHA256_P256"),
      )
      const foreign = await generateKeyPackage(
        { credentialType: "basic", identity: new TextEncoder().encode("eve") },
        defaultCapabilities(),
        defaultLifetime,
        [],
        p256,
      )
      const foreignBytes = encodeMlsMessage({
        version: "mls10",
        wireformat: "mls_key_package",
        keyPackage: foreign.publicPackage,
      })
      await refused([b64(foreignBytes)], 400)
      await refused([b64(new Uint8Array(1024 * 1024 + 1).fill(1))], [400, 413])
    })

    it("refuses a replayed package and a batch with one bad package, all or nothing", async () => {
      const [good, other] = await eve.mls.keyPackages(2)
      expect((await eve.api.uploadKeyPackages([good as string])).published).toBe(1)
      await refused([good as string], 409)
      await refused([other as string, flip(other as string, -5)], 400)
      await refused([other as string, other as string], 409)
    })

    it("refuses a hosted identity's upload and a body without packages", async () => {
      const [good] = await eve.mls.keyPackages(1)
      expect(await statusOf(alice.uploadKeyPackages([good as string]))).toBe(400)
      expect(await statusOf(eve.api.uploadKeyPackages([]))).toBe(400)
      expect(await statusOf(eve.api.uploadKeyPackages(["not base64url!"]))).toBe(400)
    })
  })

  describe("POST /v1/groups/{groupId}/log", () => {
    async function refused(
      call: () => Promise<unknown>,
      status: number,
      pattern?: RegExp,
    ): Promise<void> {
      const before = await head(groupId)
      const err = await refusalOf(call())
      expect(err.status).toBe(status)
      if (pattern) expect(err.body.error?.message).toMatch(pattern)
      expect(await head(groupId)).toBe(before)
    }

    it("refuses truncated, bit-flipped framing and garbage", async () => {
      const message = await eve.mls.message("x")
      const bytes = unb64(message)
      await refused(() => eve.api.append(groupId, b64(bytes.subarray(0, bytes.length - 1))), 400)
      await refused(() => eve.api.append(groupId, b64(bytes.subarray(0, 3))), 400)
      await refused(() => eve.api.append(groupId, flip(message, 6)), 400) // inside the group id
      await refused(() => eve.api.append(groupId, b64(new Uint8Array(100).fill(9))), 400)
      await refused(() => eve.api.append(groupId, "not base64url!"), 400)
      await refused(() => eve.api.append(groupId, ""), 400)
    })

    it("refuses a message of another group, of a future epoch and an oversized one", async () => {
      const message = await eve.mls.message("x")
      await refused(() => eve.api.append(otherGroupId, message), 400, /another group/)
      await refused(() => eve.api.append(groupId, withEpoch(message, 1000)), 400, /epoch 1000/)
      const huge = new Uint8Array(1024 * 1024 + 10)
      huge.set(unb64(message).subarray(0, 40))
      await refused(() => eve.api.append(groupId, b64(huge)), 400, /limit/)
    })

    it("refuses a replay, a Welcome without a commit and a commit with a bad Welcome", async () => {
      const message = await eve.mls.message("once")
      const { seq } = await eve.api.append(groupId, message)
      const replay = await refusalOf(eve.api.append(groupId, message))
      expect(replay.status).toBe(409)
      expect(replay.body.error?.seq).toBe(seq)
      const welcome = b64(new Uint8Array([0, 1, 0, 3, 1, 2, 3]))
      await refused(() => eve.api.append(groupId, message, welcome), 400)
      const commit = await eve.mls.commit()
      await refused(() => eve.api.append(groupId, commit.commit, welcome), 400)
      await refused(() => eve.api.append(groupId, commit.commit, flip(commit.commit, 0)), 400)
    })

    it("refuses non-members, hosted callers and a PublicMessage sent as another leaf", async () => {
      const frank = await externalIdentity("frank")
      const message = await eve.mls.message("x")
      await refused(() => frank.api.append(groupId, message), 403)
      await refused(() => alice.append(groupId, message), 403)
      // Eve's commit claims alice's leaf (0): not the caller's.
      const commit = await eve.mls.commit()
      const bytes = unb64(commit.commit)
      const asAlice = withSenderLeaf(bytes, eve.mls.leafOf("eve"), 0)
      if (asAlice) await refused(() => eve.api.append(groupId, b64(asAlice)), 403, /sender/)
      else throw new Error("the sender leaf was not found in the commit's framing")
    })
  })

  describe("reads, registration and Welcomes", () => {
    it("refuses bad pages, strangers and unknown groups", async () => {
      const frank = await externalIdentity("frank2")
      expect(await statusOf(frank.api.logPage(groupId, 0))).toBe(403)
      expect(await statusOf(eve.api.logPage(b64(new Uint8Array([1, 2, 3])), 0))).toBe(404)
      expect(await statusOf(eve.api.call("GET", `/v1/groups/${groupId}/log?after=-1`))).toBe(400)
      expect(await statusOf(eve.api.call("GET", `/v1/groups/${groupId}/log?limit=0`))).toBe(400)
      expect(await statusOf(eve.api.call("GET", `/v1/groups/${groupId}/log?wait=61`))).toBe(400)
    })

    it("registers a new group once, never a known one, never for a hosted identity", async () => {
      expect(await statusOf(eve.api.register(groupId))).toBe(409)
      expect(await statusOf(eve.api.register("not base64url!"))).toBe(400)
      expect(await statusOf(alice.register(b64(new Uint8Array(16).fill(3))))).toBe(403)
      const fresh = b64(new Uint8Array(16).fill(4))
      expect(await eve.api.register(fresh)).toEqual({ groupId: fresh })
      expect(await statusOf(eve.api.register(fresh))).toBe(409)
    })

    it("acknowledges only the caller's own Welcomes", async () => {
      const frank = await externalIdentity("frank3")
      const { welcomes } = await eve.api.welcomes()
      const mine = welcomes[0]?.id as string
      expect(await statusOf(frank.api.deleteWelcome(mine))).toBe(404)
      expect(await statusOf(eve.api.deleteWelcome("no+such/id"))).toBe(404)
      expect((await eve.api.welcomes()).welcomes.map((w) => w.id)).toContain(mine)
      expect(await statusOf(eve.api.call("GET", "/v1/welcomes?limit=0"))).toBe(400)
    })
  })
})

/**
 * A PublicMessage with its member sender's leaf index changed from `from`
 * to `to` (framing: version, wire format, group id, epoch, sender type 1,
 * uint32 leaf index); undefined when the pattern is not found.
 */
function withSenderLeaf(bytes: Uint8Array, from: number, to: number): Uint8Array | undefined {
  const prefix = (bytes[4] as number) >> 6
  const lengthBytes = 1 << prefix
  let groupIdLength = (bytes[4] as number) & 0x3f
  for (let i = 1; i < lengthBytes; i++)
    groupIdLength = groupIdLength * 256 + (bytes[4 + i] as number)
  const at = 4 + lengthBytes + groupIdLength + 8
  const view = new DataView(bytes.buffer, bytes.byteOffset)
  if (bytes[at] !== 1 || view.getUint32(at + 1) !== from) return undefined
  const out = new Uint8Array(bytes)
  new DataView(out.buffer).setUint32(at + 1, to)
  return out
}
