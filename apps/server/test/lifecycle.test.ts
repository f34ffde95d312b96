import { ApiError, toBase64Url } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createUsers,
  fromUtf8,
  startTestServer,
  type TestServer,
  type User,
  utf8,
} from "./helpers.js"

describe("a group's whole life over HTTP between alice, bob and carol", () => {
  let t: TestServer
  let users: Record<"alice" | "bob" | "carol", User>
  let groupId: string
  const plaintexts: string[] = []

  beforeAll(async () => {
    t = await startTestServer()
    users = await createUsers(t.admin, "alice", "bob", "carol")
  })
  afterAll(async () => {
    expect((await t.stop()).ok).toBe(true)
  })

  it("alice creates a group and adds bob and carol, who join from the Welcome", async () => {
    const { alice, bob, carol } = users
    groupId = await alice.client.createGroup("team")
    expect(groupId).toMatch(/^[A-Za-z0-9_-]+$/)
    const keyPackages = [
      ...(await bob.client.generateKeyPackages(bob.id, 1)),
      ...(await carol.client.generateKeyPackages(carol.id, 1)),
    ]
    const { commit, welcome } = await alice.client.addMembers(groupId, keyPackages)
    expect(commit.length).toBeGreaterThan(0)

    expect(await bob.client.joinGroup(welcome)).toBe(groupId)
    expect(await carol.client.joinGroup(welcome)).toBe(groupId)

    for (const user of [alice, bob, carol]) {
      const group = await user.client.getGroup(groupId)
      expect(group).toMatchObject({ groupId, epoch: 1, status: "active" })
      expect(group.members.map((m) => [m.leafIndex, m.identity])).toEqual([
        [0, "alice"],
        [1, "bob"],
        [2, "carol"],
      ])
    }
    expect((await alice.client.getGroup(groupId)).name).toBe("team")
  })

  it("delivers application messages in every direction with the sender's identity", async () => {
    const all = Object.values(users)
    for (const sender of all) {
      const plaintext = `from ${sender.name} to everyone`
      plaintexts.push(plaintext)
      const message = await sender.client.sendMessage(groupId, plaintext)
      for (const receiver of all.filter((u) => u !== sender)) {
        const result = await receiver.client.processMessage(groupId, message)
        expect(result.kind).toBe("application")
        if (result.kind !== "application") continue
        expect(fromUtf8(result.plaintext)).toBe(plaintext)
        expect(result.sender.identity).toBe(sender.name)
        expect(result.epoch).toBe(1)
        expect(result.generation).toBe(0)
      }
    }
  })

  it("moves everyone to the next epoch with bob's self-update", async () => {
    const { alice, bob, carol } = users
    const commit = await bob.client.selfUpdate(groupId)
    for (const peer of [alice, carol]) {
      expect(await peer.client.processMessage(groupId, commit)).toMatchObject({
        kind: "commit",
        epoch: 2,
        sender: { leafIndex: 1, identity: "bob" },
        membersAdded: [],
        membersRemoved: [],
      })
    }
    expect((await bob.client.getGroup(groupId)).epoch).toBe(2)
  })

  it("removes carol: bob sees her leave, carol sees 'removed' and can no longer send", async () => {
    const { alice, bob, carol } = users
    const commit = await alice.client.removeMembers(groupId, [2])
    expect(await bob.client.processMessage(groupId, commit)).toMatchObject({
      kind: "commit",
      epoch: 3,
      membersRemoved: [{ leafIndex: 2, identity: "carol" }],
    })
    expect(await carol.client.processMessage(groupId, commit)).toMatchObject({
      kind: "removed",
      epoch: 3,
    })

    expect((await carol.client.getGroup(groupId)).status).toBe("removed")
    const refused = await carol.client.sendMessage(groupId, "still here?").catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({ status: 400, code: "INVALID_INPUT" })

    const members = (await alice.client.getGroup(groupId)).members.map((m) => m.identity)
    expect(members).toEqual(["alice", "bob"])
    const message = await bob.client.sendMessage(groupId, "just us")
    const result = await alice.client.processMessage(groupId, message)
    expect(result.kind === "application" && fromUtf8(result.plaintext)).toBe("just us")
  })

  it("lists each identity's own groups with epoch and status", async () => {
    expect(await users.alice.client.listGroups()).toEqual([
      expect.objectContaining({ groupId, name: "team", epoch: 3, status: "active" }),
    ])
    expect(await users.carol.client.listGroups()).toEqual([
      expect.objectContaining({ groupId, status: "removed" }),
    ])
  })

  it("logs every request at info without plaintext, tokens or the Authorization header", () => {
    const log = t.logs.join("\n")
    expect(t.logs.some((line) => line.includes('"request completed"'))).toBe(true)
    const encoded = plaintexts.map((p) => toBase64Url(utf8(p)))
    const tokens = [t.server.adminToken.token, ...Object.values(users).map((u) => u.token)]
    for (const secret of [...plaintexts, ...encoded, "just us", ...tokens]) {
      expect(log).not.toContain(secret)
    }
    expect(log.toLowerCase()).not.toContain("authorization")
    expect(log).not.toContain("Bearer")
  })
})
