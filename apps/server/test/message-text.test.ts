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

const BODY_LIMIT = 16_384

describe("application messages as text or bytes, with authenticated data", () => {
  let t: TestServer
  let alice: User
  let bob: User
  let groupId: string

  beforeAll(async () => {
    t = await startTestServer({ env: { MLSKIT_SERVER_BODY_LIMIT_BYTES: String(BODY_LIMIT) } })
    const users = await createUsers(t.admin, "alice", "bob")
    alice = users.alice
    bob = users.bob
    groupId = await createGroupWith(alice, [bob])
  })
  afterAll(async () => {
    await t.stop()
  })

  /** POST a raw JSON body as alice; the status and parsed answer. */
  async function post(path: string, body: unknown, token = alice.token) {
    const response = await fetch(`${t.server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  /** Send `body` as alice and let bob process it; bob's raw answer. */
  async function roundTrip(body: unknown): Promise<Record<string, unknown>> {
    const sent = await post(`/v1/groups/${groupId}/messages`, body)
    expect(sent.status).toBe(200)
    const processed = await post(
      `/v1/groups/${groupId}/process`,
      { message: sent.body.message },
      bob.token,
    )
    expect(processed.status).toBe(200)
    return processed.body
  }

  it("encrypts the UTF-8 bytes of `text` and answers with both forms", async () => {
    const answer = await roundTrip({ text: "hello bob! ✓" })
    expect(answer.text).toBe("hello bob! ✓")
    expect(answer.plaintext).toBe(Buffer.from("hello bob! ✓", "utf8").toString("base64url"))
  })

  it("takes text that happens to be base64url as text, not as bytes", async () => {
    const answer = await roundTrip({ text: "aGk" })
    expect(answer.text).toBe("aGk")
    expect(answer.plaintext).toBe(Buffer.from("aGk").toString("base64url"))
  })

  it("answers bytes that are not UTF-8 with `plaintext` only", async () => {
    const answer = await roundTrip({
      plaintext: Buffer.from([0xff, 0xfe, 0x00]).toString("base64url"),
    })
    expect(answer.plaintext).toBe("__4A")
    expect(answer).not.toHaveProperty("text")
  })

  it("answers empty text as empty text", async () => {
    const answer = await roundTrip({ text: "" })
    expect({ plaintext: answer.plaintext, text: answer.text }).toEqual({ plaintext: "", text: "" })
  })

  it("returns the authenticated data given on send when the message is processed", async () => {
    const answer = await roundTrip({ text: "with aad", aad: "bWV0YQ" })
    expect(answer.authenticatedData).toBe("bWV0YQ")
    const without = await roundTrip({ text: "without aad" })
    expect(without.authenticatedData).toBe("")
  })

  it.each([
    ["both plaintext and text", { plaintext: "aGk", text: "hi" }],
    ["neither plaintext nor text", {}],
    ["only aad", { aad: "bWV0YQ" }],
  ])(
    "refuses %s with INVALID_INPUT that names both fields and changes nothing",
    async (_, body) => {
      const before = await alice.client.getGroup(groupId)
      const answer = await post(`/v1/groups/${groupId}/messages`, body)
      expect(answer.status).toBe(400)
      expect(answer.body.error).toEqual({
        code: "INVALID_INPUT",
        message: "give exactly one of plaintext (base64url bytes) or text (UTF-8 text)",
      })
      const after = await alice.client.getGroup(groupId)
      expect(after.version).toBe(before.version)
    },
  )

  it.each([
    ["text of the wrong type", { text: 5 }, 400],
    ["text as an array", { text: ["hi"] }, 400],
    ["aad that is not base64url", { text: "hi", aad: "AAA=" }, 400],
    ["aad of the wrong type", { text: "hi", aad: 1 }, 400],
    ["an extra field beside text", { text: "hi", extra: 1 }, 400],
    ["truncated JSON", '{"text":"hel', 400],
    ["text larger than the body limit", { text: "x".repeat(BODY_LIMIT + 1) }, 413],
  ])("refuses %s with a 4xx and changes nothing", async (_, body, status) => {
    const before = await alice.client.getGroup(groupId)
    const answer = await post(`/v1/groups/${groupId}/messages`, body)
    expect(answer.status).toBe(status)
    expect((answer.body.error as { code: string }).code).toMatch(/^[A-Z_]+$/)
    const after = await alice.client.getGroup(groupId)
    expect(after.version).toBe(before.version)
  })

  it("lets the client send a string as text and bytes with aad, and read both back", async () => {
    const message = await alice.client.sendMessage(groupId, "bonjour", { aad: utf8("hdr") })
    const processed = await bob.client.processMessage(groupId, message)
    if (processed.kind !== "application") throw new Error(`got ${processed.kind}`)
    expect(processed.text).toBe("bonjour")
    expect(fromUtf8(processed.plaintext)).toBe("bonjour")
    expect(fromUtf8(processed.authenticatedData)).toBe("hdr")
    const binary = await alice.client.sendMessage(groupId, new Uint8Array([0xc3]))
    const raw = await bob.client.processMessage(groupId, binary)
    if (raw.kind !== "application") throw new Error(`got ${raw.kind}`)
    expect(raw.text).toBeUndefined()
    expect([...raw.plaintext]).toEqual([0xc3])
  })
})
