import { ApiError } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createGroupWith,
  createUsers,
  startTestServer,
  type TestServer,
  type User,
} from "./helpers.js"

/** "<status> <code>" of a failed call, "ok" when it succeeds. */
const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => "ok",
    (e: unknown) => (e instanceof ApiError ? `${e.status} ${e.code}` : String(e)),
  )

describe("leaving a group and deleting a removed one", () => {
  let t: TestServer
  let users: Record<"alice" | "bob" | "carol", User>

  beforeAll(async () => {
    t = await startTestServer()
    users = await createUsers(t.admin, "alice", "bob", "carol")
  })
  afterAll(async () => {
    await t.stop()
  })

  it("leaves with a self-remove proposal that another member commits", async () => {
    const { alice, bob } = users
    const groupId = await createGroupWith(alice, [bob], "leave-me")
    const proposal = await bob.client.leaveGroup(groupId)
    expect((await bob.client.listGroups()).map((g) => g.groupId)).not.toContain(groupId)
    expect(await outcome(bob.client.getGroup(groupId))).toBe("404 GROUP_NOT_FOUND")

    const processed = await alice.client.processMessage(groupId, proposal)
    expect(processed).toMatchObject({ kind: "proposal", sender: { identity: "bob" } })
    await alice.client.selfUpdate(groupId)
    const after = await alice.client.getGroup(groupId)
    expect(after.members.map((m) => m.identity)).toEqual(["alice"])
  })

  it("refuses to leave a group twice or one the caller is not in, with 404", async () => {
    const { alice, bob, carol } = users
    const groupId = await createGroupWith(alice, [bob], "twice")
    await bob.client.leaveGroup(groupId)
    expect(await outcome(bob.client.leaveGroup(groupId))).toBe("404 GROUP_NOT_FOUND")
    expect(await outcome(carol.client.leaveGroup(groupId))).toBe("404 GROUP_NOT_FOUND")
  })

  it("refuses a leave body with a field, and changes nothing", async () => {
    const { alice, bob } = users
    const groupId = await createGroupWith(alice, [bob], "body")
    const response = await fetch(`${t.server.url}/v1/groups/${groupId}/leave`, {
      method: "POST",
      headers: { authorization: `Bearer ${bob.token}`, "content-type": "application/json" },
      body: JSON.stringify({ reason: "bye" }),
    })
    expect(response.status).toBe(400)
    expect((await bob.client.getGroup(groupId)).status).toBe("active")
  })

  it("deletes a group the caller was removed from, so it is no longer listed", async () => {
    const { alice, carol } = users
    const groupId = await createGroupWith(alice, [carol], "remove-me")
    const carolLeaf = (await alice.client.getGroup(groupId)).members.find(
      (m) => m.identity === "carol",
    )?.leafIndex as number
    const commit = await alice.client.removeMembers(groupId, [carolLeaf])
    expect((await carol.client.processMessage(groupId, commit)).kind).toBe("removed")
    expect((await carol.client.listGroups()).find((g) => g.groupId === groupId)?.status).toBe(
      "removed",
    )

    await carol.client.deleteGroup(groupId)
    expect((await carol.client.listGroups()).map((g) => g.groupId)).not.toContain(groupId)
    expect(await outcome(carol.client.getGroup(groupId))).toBe("404 GROUP_NOT_FOUND")
    expect(await outcome(carol.client.deleteGroup(groupId))).toBe("404 GROUP_NOT_FOUND")
    expect((await alice.client.getGroup(groupId)).status).toBe("active")
  })

  it("refuses to delete a group the caller is still in with 409 CONFLICT, and keeps it", async () => {
    const { alice, bob } = users
    const groupId = await createGroupWith(alice, [bob], "still-in")
    const before = await bob.client.getGroup(groupId)
    expect(await outcome(bob.client.deleteGroup(groupId))).toBe("409 CONFLICT")
    const after = await bob.client.getGroup(groupId)
    expect({ status: after.status, version: after.version }).toEqual({
      status: "active",
      version: before.version,
    })
  })

  it("answers a delete of an unknown or malformed group id with 404 or 400", async () => {
    const { alice } = users
    expect(await outcome(alice.client.deleteGroup("AAAA"))).toBe("404 GROUP_NOT_FOUND")
    const response = await fetch(`${t.server.url}/v1/groups/not%20base64`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${alice.token}` },
    })
    expect(response.status).toBe(400)
  })
})
