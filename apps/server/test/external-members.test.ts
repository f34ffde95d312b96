/**
 * Members whose keys live elsewhere, over real sockets: ts-mls in this
 * process is the external member's MLS client (its own keys; the server
 * never sees them). It uploads key packages, is added by name by a hosted
 * member, fetches its Welcome and joins, reads and decrypts the log, posts
 * messages and commits, races a hosted member's commit (both sides end on
 * the same epoch authenticator) and loses access when removed. A group of
 * external members only is followed by its roster from PublicMessage
 * commits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DeliveryApi, type HttpError, refusalOf, statusOf } from "./delivery-api.js"
import { createUsers, metricValue, startTestServer, type TestServer } from "./helpers.js"
import { TsMlsMember } from "./ts-mls-member.js"

/** An external member: its ts-mls client, its API, and the seqs it appended itself. */
interface External {
  id: string
  mls: TsMlsMember
  api: DeliveryApi
  own: Set<number>
}

describe("members whose keys live elsewhere", () => {
  let server: TestServer
  let alice: DeliveryApi
  let bob: DeliveryApi
  let admin: DeliveryApi

  beforeAll(async () => {
    server = await startTestServer({
      env: { MLSKIT_DELIVERY_DRIVER: "store", MLSKIT_LOGGING_LEVEL: "warn" },
    })
    admin = new DeliveryApi(server.server.url, server.server.adminToken.token)
    const users = await createUsers(server.admin, "alice", "bob")
    alice = new DeliveryApi(server.server.url, users.alice.token)
    bob = new DeliveryApi(server.server.url, users.bob.token)
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
  })

  async function external(name: string, packages = 3): Promise<External> {
    const created = await admin.call<{ id: string; token: string; hosted: boolean }>(
      "POST",
      "/v1/identities",
      { name, hosted: false },
    )
    expect(created.hosted).toBe(false)
    const mls = await TsMlsMember.create(name)
    const api = new DeliveryApi(server.server.url, created.token)
    if (packages > 0) {
      const uploaded = await api.uploadKeyPackages(await mls.keyPackages(packages))
      expect(uploaded.published).toBe(packages)
    }
    return { id: created.id, mls, api, own: new Set() }
  }

  const settle = () => server.service.delivery?.idle() ?? Promise.resolve()

  /** Process every log entry after the member's seq (skipping its own). */
  async function catchUp(member: External, groupId: string): Promise<void> {
    for (;;) {
      const page = await member.api.logPage(groupId, member.mls.seq, { limit: 1000 })
      if (page.entries.length === 0) return
      for (const entry of page.entries) {
        if (member.own.has(entry.seq)) member.mls.seq = entry.seq
        else await member.mls.process(entry)
      }
    }
  }

  /** Append a commit made by the member; on success its pending state becomes current. */
  async function commitAs(
    member: External,
    groupId: string,
    made: { commit: string; welcome?: string; pending: TsMlsMember["state"] },
  ): Promise<number> {
    const { seq } = await member.api.append(groupId, made.commit, made.welcome)
    member.own.add(seq)
    member.mls.state = made.pending
    return seq
  }

  async function appendMessage(member: External, groupId: string, text: string): Promise<number> {
    const { seq } = await member.api.append(groupId, await member.mls.message(text))
    member.own.add(seq)
    return seq
  }

  it("joins by name, reads and writes the log, commits, races a hosted commit and is cut off when removed", async () => {
    const eve = await external("eve")
    const { groupId } = await alice.createGroup("mixed")
    const added = await alice.add(groupId, { identities: ["bob", "eve"] })
    await settle()

    // The Welcome is addressed to eve (her key package's credential) and kept until acknowledged.
    const { welcomes } = await eve.api.welcomes()
    expect(welcomes).toHaveLength(1)
    expect(welcomes[0]?.groupId).toBe(groupId)
    await eve.mls.join(welcomes[0]?.welcome as string, added.seq)
    await eve.api.deleteWelcome(welcomes[0]?.id as string)
    expect((await eve.api.welcomes()).welcomes).toHaveLength(0)
    expect(await statusOf(eve.api.deleteWelcome(welcomes[0]?.id as string))).toBe(404)
    expect(eve.mls.members()).toEqual(["alice", "bob", "eve"])
    expect(eve.mls.epochAuthenticator).toBe((await alice.group(groupId)).epochAuthenticator)

    // Hosted messages reach eve through the log, decrypted in her process.
    await alice.send(groupId, "hello eve")
    await bob.send(groupId, "hi from bob")
    await catchUp(eve, groupId)
    expect(eve.mls.received).toEqual(["hello eve", "hi from bob"])

    // Eve's message reaches the hosted members' inboxes, from her.
    const eveSeq = await appendMessage(eve, groupId, "eve here")
    await settle()
    for (const api of [alice, bob]) {
      const fromEve = (await api.allInbox()).filter(
        (e) => e.type === "message" && e.groupId === groupId && e.sender?.identity === "eve",
      )
      expect(fromEve.map((e) => [e.text, e.seq])).toEqual([["eve here", eveSeq]])
    }

    // A replay appends nothing: 409 with the seq the message has.
    const replayed = (await eve.api.logPage(groupId, eveSeq - 1, { limit: 1 })).entries[0]
    const replay = await refusalOf(eve.api.append(groupId, replayed?.message as string))
    expect(replay.status).toBe(409)
    expect(replay.body.error?.code).toBe("ALREADY_APPENDED")
    expect(replay.body.error?.seq).toBe(eveSeq)

    // A commit the members cannot apply (its last byte, in the membership
    // tag, flipped) does not hold the epoch: it is voided and refused.
    const epochBefore = eve.mls.epoch
    const update = await eve.mls.commit()
    const forged = Buffer.from(update.commit, "base64url")
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 1
    const voided = await refusalOf(eve.api.append(groupId, forged.toString("base64url")))
    expect(voided.status).toBe(400)
    expect(voided.body.error?.message).toMatch(/voided/)
    expect((await alice.group(groupId)).epoch).toBe(epochBefore)

    // Eve's self-update is applied by the hosted members.
    await commitAs(eve, groupId, update)
    await settle()
    expect(eve.mls.epoch).toBe(epochBefore + 1)
    for (const api of [alice, bob]) {
      const group = await api.group(groupId)
      expect(group.epoch).toBe(eve.mls.epoch)
      expect(group.epochAuthenticator).toBe(eve.mls.epochAuthenticator)
    }

    // A race at one epoch: eve's commit against alice's update through the server.
    const racing = await eve.mls.commit()
    const [hosted, ext] = await Promise.allSettled([
      alice.update(groupId),
      eve.api.append(groupId, racing.commit),
    ])
    expect(hosted.status).toBe("fulfilled")
    if (ext.status === "fulfilled") {
      eve.own.add(ext.value.seq)
      eve.mls.state = racing.pending
    } else {
      // Eve lost: the answer names the winner; she follows the log and stays current.
      const err = ext.reason as HttpError
      expect(err.status).toBe(409)
      expect(err.body.error?.code).toBe("COMMIT_CONFLICT")
      expect(err.body.error?.winner).toBeGreaterThan(0)
    }
    await settle()
    await catchUp(eve, groupId)
    const [a, b] = await Promise.all([alice.group(groupId), bob.group(groupId)])
    expect(a.epoch).toBe(eve.mls.epoch)
    expect(
      new Set([a.epochAuthenticator, b.epochAuthenticator, eve.mls.epochAuthenticator]).size,
    ).toBe(1)

    // Removed: eve can neither read nor append from then on (one append refused).
    await alice.remove(groupId, { identities: ["eve"] })
    await settle()
    expect(await statusOf(eve.api.logPage(groupId, 0))).toBe(403)
    expect(await statusOf(eve.api.append(groupId, await eve.mls.message("still here?")))).toBe(403)
    expect((await alice.group(groupId)).members.map((m) => m.identity).sort()).toEqual([
      "alice",
      "bob",
    ])

    // Added again (another of her uploaded packages), she reads the log again.
    const again = await alice.add(groupId, { identities: ["eve"] })
    await settle()
    const { welcomes: second } = await eve.api.welcomes()
    expect(second).toHaveLength(1)
    await eve.mls.join(second[0]?.welcome as string, again.seq)
    await alice.send(groupId, "welcome back")
    const before = eve.mls.received.length
    await catchUp(eve, groupId)
    expect(eve.mls.received.slice(before)).toEqual(["welcome back"])
    expect(eve.mls.epochAuthenticator).toBe((await alice.group(groupId)).epochAuthenticator)

    // The directory and the Welcomes count, without ids in labels.
    const text = await server.service.registry.metrics()
    const value = (series: string) => metricValue(text, series)
    expect(
      value('mls_delivery_key_packages_published_total{kind="external"}'),
    ).toBeGreaterThanOrEqual(3)
    expect(
      value('mls_delivery_key_packages_claimed_total{kind="external"}'),
    ).toBeGreaterThanOrEqual(2)
    expect(value('mls_delivery_key_packages_claimed_total{kind="hosted"}')).toBeGreaterThanOrEqual(
      1,
    )
    expect(value('mls_delivery_welcomes_total{event="stored"}')).toBeGreaterThanOrEqual(2)
    expect(value('mls_delivery_welcomes_total{event="fetched"}')).toBeGreaterThanOrEqual(2)
    expect(value('mls_delivery_welcomes_total{event="acknowledged"}')).toBeGreaterThanOrEqual(1)
    expect(value('mls_delivery_external_appends_total{kind="commit"}')).toBeGreaterThanOrEqual(1)
    expect(value('mls_delivery_external_refusals_total{reason="voided"}')).toBe(1)
    expect(value('mls_delivery_external_refusals_total{reason="not_sender"}')).toBe(1)
    expect(value("mls_delivery_forks_detected_total")).toBe(0)
    expect(text).not.toContain(eve.id)
    expect(text).not.toContain(groupId)
  })

  it("a commit that lost the epoch gets 409 with the winner; the loser redoes it on the new epoch", async () => {
    const erin = await external("erin")
    const { groupId } = await alice.createGroup("race")
    const added = await alice.add(groupId, { identities: ["erin"] })
    await settle()
    const { welcomes } = await erin.api.welcomes()
    await erin.mls.join(welcomes[0]?.welcome as string, added.seq)
    // Alice's update takes epoch 1 first; erin's commit was made for epoch 1 too.
    const stale = await erin.mls.commit()
    const won = await alice.update(groupId)
    const lost = await refusalOf(erin.api.append(groupId, stale.commit))
    expect(lost.status).toBe(409)
    expect(lost.body.error?.code).toBe("COMMIT_CONFLICT")
    expect(lost.body.error?.winner).toBe(won.seq)
    await catchUp(erin, groupId)
    await commitAs(erin, groupId, await erin.mls.commit())
    await settle()
    const group = await alice.group(groupId)
    expect(group.epochAuthenticator).toBe(erin.mls.epochAuthenticator)
  })

  it("a group of external members only talks through the log; the DS follows its roster", async () => {
    const fay = await external("fay", 0)
    const gus = await external("gus")
    const groupId = await fay.mls.createGroup()
    await fay.api.register(groupId)
    expect(await statusOf(fay.api.register(groupId))).toBe(409)
    expect(await statusOf(gus.api.logPage(groupId, 0))).toBe(403)

    // Fay adds gus by a claimed key package; the Welcome travels with the commit.
    const claimed = await fay.api.claim(["gus"])
    const adding = await fay.mls.commit(
      fay.mls.addProposals([claimed.keyPackages[0]?.keyPackage as string]),
    )
    const addSeq = await commitAs(fay, groupId, adding)
    const { welcomes } = await gus.api.welcomes()
    expect(welcomes).toHaveLength(1)
    await gus.mls.join(welcomes[0]?.welcome as string, addSeq)
    expect(gus.mls.epochAuthenticator).toBe(fay.mls.epochAuthenticator)

    await appendMessage(fay, groupId, "hi gus")
    await appendMessage(gus, groupId, "hi fay")
    await catchUp(gus, groupId)
    await catchUp(fay, groupId)
    expect(gus.mls.received).toEqual(["hi gus"])
    expect(fay.mls.received).toEqual(["hi fay"])

    // A PrivateMessage commit cannot be followed without keys: refused, nothing appended.
    const head = (await fay.api.logPage(groupId, 0, { limit: 1000 })).entries.at(-1)?.seq
    const hidden = await fay.mls.commit([], { publicMessage: false })
    const refused = await refusalOf(fay.api.append(groupId, hidden.commit))
    expect(refused.status).toBe(400)
    expect(refused.body.error?.message).toMatch(/PublicMessage/)
    expect((await fay.api.logPage(groupId, 0, { limit: 1000 })).entries.at(-1)?.seq).toBe(head)

    // A hosted identity is no member here.
    expect(await statusOf(alice.logPage(groupId, 0))).toBe(404)

    // Fay removes gus with a PublicMessage commit: the roster follows, gus is cut off.
    await commitAs(
      fay,
      groupId,
      await fay.mls.commit([
        { proposalType: "remove", remove: { removed: fay.mls.leafOf("gus") } },
      ]),
    )
    expect(await statusOf(gus.api.logPage(groupId, 0))).toBe(403)
    expect(await statusOf(gus.api.append(groupId, await gus.mls.message("?")))).toBe(403)
  })
})
