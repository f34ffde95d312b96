/**
 * GroupInfo export and joining by external commit over real HTTP: a new
 * identity gets into a group without a Welcome, and bad GroupInfos change nothing.
 */
import { ApiError, fromBase64Url } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createGroupWith,
  createUsers,
  fromUtf8,
  startTestServer,
  type TestServer,
  type User,
  utf8,
} from "./helpers.js"

/** "<status> <code>" of a failed call, "ok" when it succeeds. */
const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => "ok",
    (e: unknown) => (e instanceof ApiError ? `${e.status} ${e.code}` : String(e)),
  )

describe("joining by external commit over HTTP", () => {
  let t: TestServer
  let users: Record<"alice" | "bob" | "carol" | "dave", User>

  beforeAll(async () => {
    t = await startTestServer()
    users = await createUsers(t.admin, "alice", "bob", "carol", "dave")
  })
  afterAll(async () => {
    await t.stop()
  })

  it("lets carol in from alice's GroupInfo; alice and bob process the commit and all three talk", async () => {
    const { alice, bob, carol } = users
    const groupId = await createGroupWith(alice, [bob], "ext")
    const info = await alice.client.groupInfo(groupId)
    const joined = await carol.client.joinByExternalCommit(info)
    expect(joined.groupId).toBe(groupId)
    expect(joined.epoch).toBe(2)
    for (const member of [alice, bob]) {
      const r = await member.client.processMessage(groupId, joined.commit)
      expect(r).toMatchObject({ kind: "commit", epoch: 2 })
    }
    expect((await carol.client.getGroup(groupId)).members.map((m) => m.identity)).toEqual([
      "alice",
      "bob",
      "carol",
    ])
    const everyone = [alice, bob, carol]
    for (const from of everyone) {
      const ct = await from.client.sendMessage(groupId, utf8(`hi from ${from.name}`))
      for (const to of everyone) {
        if (to === from) continue
        const r = await to.client.processMessage(groupId, ct)
        if (r.kind !== "application") throw new Error(`expected application, got ${r.kind}`)
        expect(fromUtf8(r.plaintext)).toBe(`hi from ${from.name}`)
      }
    }
  })

  it("answers 201 with groupId, epoch and commit", async () => {
    const { alice, dave } = users
    const groupId = await createGroupWith(alice, [], "status")
    const info = await alice.client.groupInfo(groupId)
    const response = await fetch(`${t.server.url}/v1/groups/join-external`, {
      method: "POST",
      headers: { authorization: `Bearer ${dave.token}`, "content-type": "application/json" },
      body: JSON.stringify({ groupInfo: Buffer.from(info).toString("base64url") }),
    })
    expect(response.status).toBe(201)
    const body = (await response.json()) as { groupId: string; epoch: number; commit: string }
    expect(Object.keys(body).sort()).toEqual(["commit", "epoch", "groupId"])
    expect(body).toMatchObject({ groupId, epoch: 1 })
    expect(fromBase64Url(body.commit).length).toBeGreaterThan(0)
  })

  it("refuses malformed, truncated, tampered and wrong-format GroupInfos with 4xx and creates nothing", async () => {
    const { alice, bob, dave } = users
    const groupId = await createGroupWith(alice, [bob], "bad")
    const info = await alice.client.groupInfo(groupId)
    const tampered = info.slice()
    tampered[tampered.length - 5]! ^= 0xff
    const [keyPackage] = await dave.client.generateKeyPackages(dave.id, 1)
    const before = (await dave.client.listGroups()).map((g) => g.groupId).sort()
    const bad: [string, Uint8Array, string][] = [
      ["malformed", utf8("not mls at all"), "400 INVALID_MESSAGE"],
      ["truncated", info.subarray(0, info.length - 10), "400 INVALID_MESSAGE"],
      ["too short", info.subarray(0, 3), "400 INVALID_MESSAGE"],
      ["key package", keyPackage!, "400 INVALID_MESSAGE"],
      ["tampered signature", tampered, "400 CRYPTO_ERROR"],
    ]
    for (const [what, bytes, expected] of bad)
      expect(await outcome(dave.client.joinByExternalCommit(bytes)), what).toBe(expected)
    expect((await dave.client.listGroups()).map((g) => g.groupId).sort()).toEqual(before)
    expect((await alice.client.getGroup(groupId)).epoch).toBe(1)
  })

  it("refuses a caller already in the group with 409 unless it resyncs", async () => {
    const { alice, bob } = users
    const groupId = await createGroupWith(alice, [bob], "again")
    const info = await alice.client.groupInfo(groupId)
    expect(await outcome(bob.client.joinByExternalCommit(info))).toBe("409 CONFLICT")
    const resynced = await bob.client.joinByExternalCommit(info, { resync: true })
    expect(await alice.client.processMessage(groupId, resynced.commit)).toMatchObject({
      kind: "commit",
    })
    expect((await alice.client.getGroup(groupId)).members.map((m) => m.identity)).toEqual([
      "alice",
      "bob",
    ])
  })

  it("gives the GroupInfo to members only: a non-member gets 404", async () => {
    const { alice, bob, dave } = users
    const groupId = await createGroupWith(alice, [bob], "private")
    expect(await outcome(dave.client.groupInfo(groupId))).toBe("404 GROUP_NOT_FOUND")
  })
})
