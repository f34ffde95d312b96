import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createUsers, startTestServer, type TestServer, type User } from "./helpers.js"

describe("the name a joiner sees", () => {
  let t: TestServer
  let users: Record<"alice" | "bob" | "carol" | "dave" | "erin" | "frank", User>

  beforeAll(async () => {
    t = await startTestServer()
    users = await createUsers(t.admin, "alice", "bob", "carol", "dave", "erin", "frank")
  })
  afterAll(async () => {
    await t.stop()
  })

  /** `owner` creates a group, adds `joiners` in one commit; the Welcome. */
  async function welcomeFor(
    owner: User,
    joiners: User[],
  ): Promise<{ groupId: string; welcome: Uint8Array }> {
    const groupId = await owner.client.createGroup("team")
    const keyPackages: Uint8Array[] = []
    for (const j of joiners) keyPackages.push(...(await j.client.generateKeyPackages(j.id, 1)))
    const { welcome } = await owner.client.addMembers(groupId, keyPackages)
    return { groupId, welcome }
  }

  it("names the group after the other members when the joiner gives no name", async () => {
    const { alice, bob, carol } = users
    const { groupId, welcome } = await welcomeFor(alice, [bob, carol])
    await bob.client.joinGroup(welcome)
    expect((await bob.client.getGroup(groupId)).name).toBe("alice, carol")
    expect((await bob.client.listGroups()).find((g) => g.groupId === groupId)?.name).toBe(
      "alice, carol",
    )
  })

  it("names three other members and counts the rest", async () => {
    const { alice, bob, carol, dave, erin, frank } = users
    const { groupId, welcome } = await welcomeFor(alice, [bob, carol, dave, erin, frank])
    await frank.client.joinGroup(welcome)
    expect((await frank.client.getGroup(groupId)).name).toBe("alice, bob, carol +2")
  })

  it("keeps the name the joiner gives", async () => {
    const { alice, dave } = users
    const { groupId, welcome } = await welcomeFor(alice, [dave])
    await dave.client.joinGroup(welcome, undefined, { name: "Project X ✓" })
    expect((await dave.client.getGroup(groupId)).name).toBe("Project X ✓")
  })

  it.each([
    ["an empty name", ""],
    ["a name over 256 characters", "n".repeat(257)],
    ["a name of the wrong type", 7],
  ])("refuses %s with 400 INVALID_INPUT and keeps the key package", async (_, name) => {
    const { alice, erin } = users
    const { groupId, welcome } = await welcomeFor(alice, [erin])
    const response = await fetch(`${t.server.url}/v1/groups/join`, {
      method: "POST",
      headers: { authorization: `Bearer ${erin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ welcome: Buffer.from(welcome).toString("base64url"), name }),
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "INVALID_INPUT",
    )
    // Nothing was consumed: the same Welcome still joins.
    await erin.client.joinGroup(welcome)
    expect((await erin.client.getGroup(groupId)).name).toBe("alice")
  })
})
