import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createGroupWith,
  createUsers,
  startTestServer,
  type TestServer,
  type User,
} from "./helpers.js"

describe("absent and empty bodies", () => {
  let t: TestServer
  let alice: User
  let groupId: string

  beforeAll(async () => {
    t = await startTestServer()
    const users = await createUsers(t.admin, "alice", "bob")
    alice = users.alice
    groupId = await createGroupWith(alice, [users.bob])
  })
  afterAll(async () => {
    await t.stop()
  })

  /** POST with no body at all, or an empty one under a JSON content-type. */
  async function post(path: string, form: "no body" | "empty JSON body" | "JSON null") {
    const headers: Record<string, string> = { authorization: `Bearer ${alice.token}` }
    if (form !== "no body") headers["content-type"] = "application/json"
    const response = await fetch(`${t.server.url}${path}`, {
      method: "POST",
      headers,
      ...(form === "no body" ? {} : { body: form === "JSON null" ? "null" : "" }),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it.each(["no body", "empty JSON body"] as const)(
    "generates one key package for %s (count is optional)",
    async (form) => {
      const answer = await post(`/v1/identities/${alice.id}/key-packages`, form)
      expect(answer.status).toBe(200)
      expect(answer.body.keyPackages).toHaveLength(1)
    },
  )

  it.each(["no body", "empty JSON body"] as const)("self-updates for %s", async (form) => {
    const before = await alice.client.getGroup(groupId)
    const answer = await post(`/v1/groups/${groupId}/update`, form)
    expect(answer.status).toBe(200)
    expect(typeof answer.body.commit).toBe("string")
    expect((await alice.client.getGroup(groupId)).epoch).toBe(before.epoch + 1)
  })

  it.each(["no body", "empty JSON body"] as const)(
    "refuses %s where a field is required with INVALID_INPUT 'the body is empty'",
    async (form) => {
      for (const path of ["/v1/groups", `/v1/groups/${groupId}/messages`]) {
        const answer = await post(path, form)
        expect(answer.status).toBe(400)
        expect(answer.body.error).toEqual({ code: "INVALID_INPUT", message: "the body is empty" })
      }
    },
  )

  it("still refuses a JSON null body where every field is optional", async () => {
    const answer = await post(`/v1/identities/${alice.id}/key-packages`, "JSON null")
    expect(answer.status).toBe(400)
    expect((answer.body.error as { code: string }).code).toBe("INVALID_INPUT")
  })

  it("still refuses prototype poisoning in a non-empty JSON body", async () => {
    const response = await fetch(`${t.server.url}/v1/identities/${alice.id}/key-packages`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/json" },
      body: '{"__proto__":{"count":5}}',
    })
    expect(response.status).toBe(400)
  })
})
