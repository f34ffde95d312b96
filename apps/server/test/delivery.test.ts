/**
 * Hosted delivery over real sockets on the memory store, SQLite and
 * PostgreSQL: send once and every other member receives it exactly once in
 * order; members added by name join by themselves; concurrent commits never
 * fork (one wins, the other's intent is redone); commits whose request the
 * client aborts take effect for everyone or for no one; only current members
 * read a group's log; a message processed by hand is refused.
 */
import { randomBytes } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DeliveryApi, HttpError, statusOf, type WireInboxEntry } from "./delivery-api.js"
import { createUsers, metricValue, startTestServer, type TestServer } from "./helpers.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./postgres.js"

type Member = { name: string; id: string; api: DeliveryApi }

interface Backend {
  name: string
  env: () => Record<string, string>
  cleanup?: () => Promise<void>
}

function deliverySuite(backend: Backend): void {
  let server: TestServer
  let members: Record<"alice" | "bob" | "carol", Member>

  beforeAll(async () => {
    server = await startTestServer({
      env: { MLSKIT_DELIVERY_DRIVER: "store", MLSKIT_LOGGING_LEVEL: "warn", ...backend.env() },
    })
    const users = await createUsers(server.admin, "alice", "bob", "carol")
    const member = (name: "alice" | "bob" | "carol"): Member => ({
      name,
      id: users[name].id,
      api: new DeliveryApi(server.server.url, users[name].token),
    })
    members = { alice: member("alice"), bob: member("bob"), carol: member("carol") }
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
    await backend.cleanup?.()
  })

  /** A group of alice, bob and carol, bob and carol added by name. */
  async function trio(): Promise<string> {
    const { alice } = members
    const { groupId } = await alice.api.createGroup("trio")
    const added = await alice.api.add(groupId, { identities: ["bob", "carol"] })
    expect(added.seq).toBeGreaterThan(0)
    expect(added.epoch).toBe(1)
    return groupId
  }

  async function settle(): Promise<void> {
    await server.service.delivery?.idle()
  }

  it("adds by name: the newcomers join by themselves and see who is in the group", async () => {
    const groupId = await trio()
    await settle()
    for (const m of [members.bob, members.carol]) {
      const joined = (await m.api.allInbox()).filter(
        (e) => e.type === "joined" && e.groupId === groupId,
      )
      expect(joined).toHaveLength(1)
      expect(joined[0]?.members?.map((x) => x.identity).sort()).toEqual(["alice", "bob", "carol"])
      const group = await m.api.group(groupId)
      expect(group.epoch).toBe(1)
    }
    const auths = await Promise.all(
      Object.values(members).map(async (m) => (await m.api.group(groupId)).epochAuthenticator),
    )
    expect(new Set(auths).size).toBe(1)
  })

  it("delivers every message to every other member exactly once, in order", async () => {
    const groupId = await trio()
    const sent: Record<string, string[]> = { alice: [], bob: [], carol: [] }
    for (let round = 0; round < 5; round++) {
      for (const m of Object.values(members)) {
        const text = `${m.name} ${round} ${randomBytes(4).toString("hex")}`
        await m.api.send(groupId, text)
        sent[m.name]?.push(text)
      }
    }
    await settle()
    for (const m of Object.values(members)) {
      const messages = (await m.api.allInbox()).filter(
        (e) => e.type === "message" && e.groupId === groupId,
      )
      for (const other of Object.values(members)) {
        const got = messages.filter((e) => e.sender?.identity === other.name).map((e) => e.text)
        expect(got).toEqual(other === m ? [] : sent[other.name])
      }
      expect(new Set(messages.map((e) => e.cursor)).size).toBe(messages.length)
    }
  })

  it("two members committing at the same epoch: one wins, the other is redone, no fork", async () => {
    const groupId = await trio()
    const { alice, bob, carol } = members
    const start = (await alice.api.group(groupId)).epoch
    const rounds = 50
    for (let round = 0; round < rounds; round++) {
      const [a, b] = await Promise.all([alice.api.update(groupId), bob.api.update(groupId)])
      expect(a.epoch).not.toBe(b.epoch)
    }
    await settle()
    const groups = await Promise.all([alice, bob, carol].map((m) => m.api.group(groupId)))
    expect(groups.map((g) => g.epoch)).toEqual(Array(3).fill(start + 2 * rounds))
    expect(new Set(groups.map((g) => g.epochAuthenticator)).size).toBe(1)
    const metrics = await server.service.registry.metrics()
    expect(metricValue(metrics, "mls_delivery_forks_detected_total")).toBe(0)
  }, 120_000)

  it("aborted commit requests take effect for everyone or for no one", async () => {
    const groupId = await trio()
    const { alice, bob, carol } = members
    for (let i = 0; i < 20; i++) {
      const abort = new AbortController()
      const call = alice.api.update(groupId, abort.signal).catch(() => undefined)
      setTimeout(() => abort.abort(), i % 5)
      await call
    }
    // A later commit of another member settles whatever the aborted ones left.
    await bob.api.update(groupId)
    await settle()
    const groups = await Promise.all([alice, bob, carol].map((m) => m.api.group(groupId)))
    expect(new Set(groups.map((g) => g.epoch)).size).toBe(1)
    expect(new Set(groups.map((g) => g.epochAuthenticator)).size).toBe(1)
    const log = await carol.api.log(groupId)
    const commits = log.entries.filter((e) => e.kind === "commit")
    expect(new Set(commits.map((e) => e.epoch)).size).toBe(commits.length)
  }, 60_000)

  it("removal by name: the removed member is told and loses the log", async () => {
    const groupId = await trio()
    const { alice, bob, carol } = members
    await alice.api.remove(groupId, { identities: ["carol"] })
    await settle()
    expect((await carol.api.allInbox()).some((e) => e.type === "removed" && e.groupId === groupId))
    expect(await statusOf(carol.api.log(groupId))).toBe(404)
    const bobSees = (await bob.api.allInbox()).filter(
      (e) => e.type === "membersRemoved" && e.groupId === groupId,
    )
    expect(bobSees.map((e) => e.members?.map((m) => m.identity))).toEqual([["carol"]])
    // Messages after the removal reach bob only.
    await alice.api.send(groupId, "after carol")
    await settle()
    const carolTexts = (await carol.api.allInbox()).map((e) => e.text)
    expect(carolTexts).not.toContain("after carol")
    expect((await bob.api.allInbox()).map((e) => e.text)).toContain("after carol")
  })

  it("leaving: the proposal goes through the log and another member commits it", async () => {
    const groupId = await trio()
    const { alice, bob, carol } = members
    await carol.api.call("POST", `/v1/groups/${groupId}/leave`, {})
    await settle()
    expect(await statusOf(carol.api.group(groupId))).toBe(404)
    const [a, b] = await Promise.all([alice.api.group(groupId), bob.api.group(groupId)])
    expect(a.members.map((m) => m.identity).sort()).toEqual(["alice", "bob"])
    expect(a.epoch).toBe(b.epoch)
    expect(a.epochAuthenticator).toBe(b.epochAuthenticator)
    const log = await alice.api.log(groupId)
    expect(log.entries.map((e) => e.kind).slice(-2)).toEqual(["proposal", "commit"])
  })

  it("only members read a group's log; bad input changes nothing", async () => {
    const groupId = await trio()
    const { alice } = members
    const outsider = await createUsers(server.admin, `dave-${randomBytes(3).toString("hex")}`)
    const dave = Object.values(outsider)[0]
    if (!dave) throw new Error("no user")
    const daveApi = new DeliveryApi(server.server.url, dave.token)
    expect(await statusOf(daveApi.log(groupId))).toBe(404)
    const before = (await alice.api.log(groupId)).entries.length
    for (const body of [
      { identities: [] },
      { identities: ["nobody-here"] },
      {},
      { identities: "bob" },
      { keyPackages: ["!!"] },
      { keyPackages: [randomBytes(40).toString("base64url")] },
    ]) {
      const status = await statusOf(alice.api.call("POST", `/v1/groups/${groupId}/members`, body))
      expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400)
      expect(status).toBeLessThan(500)
    }
    for (const query of ["after=-1", "after=x", "limit=0", "limit=5000", "wait=61"]) {
      expect(await statusOf(alice.api.call("GET", `/v1/inbox?${query}`)), query).toBe(400)
    }
    expect(await statusOf(alice.api.claim(["nobody-here"]))).toBe(404)
    expect(
      await statusOf(alice.api.call("POST", "/v1/key-packages/claim", { identities: [] })),
    ).toBe(400)
    expect((await alice.api.log(groupId)).entries.length).toBe(before)
  })

  it("refuses a message processed by hand while delivery is on", async () => {
    const groupId = await trio()
    const { alice, bob } = members
    const { message } = await alice.api.send(groupId, "by hand?")
    const err = await bob.api
      .call("POST", `/v1/groups/${groupId}/process`, { message })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HttpError)
    expect((err as HttpError).status).toBe(409)
    await settle()
    const texts = (await bob.api.allInbox()).filter((e: WireInboxEntry) => e.text === "by hand?")
    expect(texts).toHaveLength(1)
  })

  it("claims never hand out one key package twice", async () => {
    const { alice } = members
    const claims = await Promise.all(Array.from({ length: 8 }, () => alice.api.claim(["bob"])))
    const packages = claims.map((c) => c.keyPackages[0]?.keyPackage)
    // The stock is refilled, and the last-resort package may be handed out again; others never.
    const repeated = packages.filter((p, i) => packages.indexOf(p) !== i)
    expect(new Set(repeated).size).toBeLessThanOrEqual(1)
  })
}

describe("hosted delivery on the memory store", () => {
  deliverySuite({ name: "memory", env: () => ({ MLSKIT_STORAGE_DRIVER: "memory" }) })
})

describe("hosted delivery on SQLite", () => {
  deliverySuite({ name: "sqlite", env: () => ({ MLSKIT_STORAGE_DRIVER: "sqlite" }) })
})

describeWithPostgres("hosted delivery on PostgreSQL", () => {
  const schema = randomSchema()
  deliverySuite({
    name: "postgres",
    env: () => ({
      MLSKIT_STORAGE_DRIVER: "postgres",
      MLSKIT_STORAGE_POSTGRES_URL: PG_URL,
      MLSKIT_STORAGE_POSTGRES_SCHEMA: schema,
    }),
    cleanup: () => dropSchema(schema),
  })
})
