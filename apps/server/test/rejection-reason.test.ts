/**
 * A rejected message's `reason` reaches an HTTP client in the error body
 * (`{ error: { code, message, reason } }`), with mlskit's message and never
 * ts-mls's text, over a real server and socket.
 */
import { toBase64Url } from "@mlskit/client"
import { InvalidMessageError } from "@mlskit/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { toHttpError } from "../src/index.js"
import {
  createGroupWith,
  createUsers,
  startTestServer,
  type TestServer,
  type User,
} from "./helpers.js"

describe("the reason of a rejection over HTTP", () => {
  let t: TestServer
  let users: Record<"alice" | "bob", User>
  let groupId: string

  beforeAll(async () => {
    t = await startTestServer()
    users = await createUsers(t.admin, "alice", "bob")
    groupId = await createGroupWith(users.alice, [users.bob])
  })
  afterAll(async () => {
    expect((await t.stop()).ok).toBe(true)
  })

  async function process(user: User, message: Uint8Array): Promise<Response> {
    return fetch(`${t.server.url}/v1/groups/${encodeURIComponent(groupId)}/process`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ message: toBase64Url(message) }),
    })
  }

  it("answers a replayed message with 400 INVALID_MESSAGE and reason replayed", async () => {
    const message = await users.alice.client.sendMessage(groupId, "once")
    expect((await process(users.bob, message)).status).toBe(200)
    const replay = await process(users.bob, message)
    expect(replay.status).toBe(400)
    const body = (await replay.json()) as { error: Record<string, unknown> }
    expect(body.error).toEqual({
      code: "INVALID_MESSAGE",
      reason: "replayed",
      message: "the message's generation was already used (a duplicate) or its key was discarded",
    })
  })

  it("answers a member's own message with reason own_message", async () => {
    const message = await users.alice.client.sendMessage(groupId, "mine")
    const own = await process(users.alice, message)
    expect(own.status).toBe(400)
    expect(((await own.json()) as { error: { reason?: string } }).error.reason).toBe("own_message")
  })

  it("maps an error's reason into the HTTP error and leaves it out when there is none", () => {
    expect(toHttpError(new InvalidMessageError("x", { reason: "past_epoch" }))).toEqual({
      status: 400,
      code: "INVALID_MESSAGE",
      message: "x",
      reason: "past_epoch",
    })
    expect("reason" in toHttpError(new InvalidMessageError("x"))).toBe(false)
  })
})
