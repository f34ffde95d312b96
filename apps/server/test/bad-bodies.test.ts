import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createGroupWith,
  createUsers,
  startTestServer,
  type TestServer,
  type User,
} from "./helpers.js"

const BODY_LIMIT = 16_384

/** A raw body and its content type. */
interface Body {
  text: string | undefined
  contentType?: string
}

const json = (value: unknown): Body => ({
  text: JSON.stringify(value),
  contentType: "application/json",
})

/** What every route must refuse, beyond its own field-specific cases. */
const COMMON: Record<string, Body> = {
  "not JSON": { text: "{not json", contentType: "application/json" },
  "truncated JSON": { text: '{"name":', contentType: "application/json" },
  "empty body with content-type json": { text: "", contentType: "application/json" },
  "JSON null": json(null),
  "a JSON array": json([]),
  "a JSON string": json("hello"),
  "a __proto__ key": { text: '{"__proto__":{"polluted":true}}', contentType: "application/json" },
  "more than the body limit": json({ padding: "x".repeat(BODY_LIMIT + 1) }),
  "text/plain": { text: "hello", contentType: "text/plain" },
  "form data": { text: "name=x", contentType: "application/x-www-form-urlencoded" },
}

interface RouteCase {
  path: (ids: { alice: string; groupId: string }) => string
  admin?: boolean
  /** Every body field is optional: an empty body is `{}` (see empty-bodies.test.ts). */
  optionalBody?: true
  valid: Record<string, unknown>
  bad: Record<string, Body>
}

const notBase64 = {
  padded: "AAA=",
  "standard alphabet": "ab+/",
  "one char too many": "AAAAA",
  "non-canonical": "AB",
}

function bytesCases(
  field: string,
  wrap: (value: unknown) => unknown = (v) => v,
): Record<string, Body> {
  const out: Record<string, Body> = {}
  for (const [name, value] of Object.entries(notBase64))
    out[`${field} ${name}`] = json({ [field]: wrap(value) })
  return out
}

const ROUTES: Record<string, RouteCase> = {
  "POST /v1/identities": {
    path: () => "/v1/identities",
    admin: true,
    valid: { name: "dave" },
    bad: {
      "name of the wrong type": json({ name: 5 }),
      "missing name": json({}),
      "empty name": json({ name: "" }),
      "huge name": json({ name: "n".repeat(5_000) }),
    },
  },
  "POST /v1/identities/{id}/key-packages": {
    path: ({ alice }) => `/v1/identities/${alice}/key-packages`,
    optionalBody: true,
    valid: { count: 1 },
    bad: {
      "count as a string": json({ count: "1" }),
      "count as a float": json({ count: 1.5 }),
      "count zero": json({ count: 0 }),
      "huge count": json({ count: 1e12 }),
    },
  },
  "POST /v1/groups": {
    path: () => "/v1/groups",
    valid: { name: "g" },
    bad: {
      "name of the wrong type": json({ name: ["g"] }),
      "missing name": json({}),
      "huge name": json({ name: "n".repeat(5_000) }),
    },
  },
  "POST /v1/groups/join": {
    path: () => "/v1/groups/join",
    valid: { welcome: "AAAA" },
    bad: {
      "welcome of the wrong type": json({ welcome: 12 }),
      "missing welcome": json({ ratchetTree: "AAAA" }),
      "empty welcome": json({ welcome: "" }),
      "welcome that is not MLS": json({ welcome: "A".repeat(8_000) }),
      ...bytesCases("welcome"),
    },
  },
  "POST /v1/groups/{groupId}/messages": {
    path: ({ groupId }) => `/v1/groups/${groupId}/messages`,
    valid: { plaintext: "aGk" },
    bad: {
      "plaintext of the wrong type": json({ plaintext: { text: "hi" } }),
      "missing plaintext": json({}),
      ...bytesCases("plaintext"),
    },
  },
  "POST /v1/groups/{groupId}/process": {
    path: ({ groupId }) => `/v1/groups/${groupId}/process`,
    valid: { message: "AAAA" },
    bad: {
      "message of the wrong type": json({ message: false }),
      "missing message": json({}),
      "message that is not MLS": json({ message: "A".repeat(8_000) }),
      ...bytesCases("message"),
    },
  },
  "POST /v1/groups/{groupId}/members": {
    path: ({ groupId }) => `/v1/groups/${groupId}/members`,
    valid: { keyPackages: ["AAAA"] },
    bad: {
      "keyPackages as a string": json({ keyPackages: "AAAA" }),
      "keyPackages of numbers": json({ keyPackages: [1] }),
      "no key packages": json({ keyPackages: [] }),
      "too many key packages": json({ keyPackages: Array.from({ length: 101 }, () => "AAAA") }),
      "missing keyPackages": json({}),
      "key package that is not MLS": json({ keyPackages: ["A".repeat(8_000)] }),
      ...bytesCases("keyPackages", (v) => [v]),
    },
  },
  "POST /v1/groups/{groupId}/members/remove": {
    path: ({ groupId }) => `/v1/groups/${groupId}/members/remove`,
    valid: { leafIndices: [1] },
    bad: {
      "leafIndices of strings": json({ leafIndices: ["1"] }),
      "a negative leaf index": json({ leafIndices: [-1] }),
      "a fractional leaf index": json({ leafIndices: [1.5] }),
      "a duplicated leaf index": json({ leafIndices: [1, 1] }),
      "no leaf indices": json({ leafIndices: [] }),
      "too many leaf indices": json({ leafIndices: Array.from({ length: 1_001 }, (_, i) => i) }),
      "a leaf that is not a member": json({ leafIndices: [7] }),
      "the caller's own leaf": json({ leafIndices: [0] }),
      "missing leafIndices": json({}),
    },
  },
  "POST /v1/groups/{groupId}/update": {
    path: ({ groupId }) => `/v1/groups/${groupId}/update`,
    optionalBody: true,
    valid: {},
    bad: {},
  },
  "POST /v1/groups/{groupId}/leave": {
    path: ({ groupId }) => `/v1/groups/${groupId}/leave`,
    optionalBody: true,
    valid: {},
    bad: {},
  },
}

describe("malformed and oversized requests", () => {
  let t: TestServer
  let alice: User
  let groupId: string

  beforeAll(async () => {
    t = await startTestServer({ env: { MLSKIT_SERVER_BODY_LIMIT_BYTES: String(BODY_LIMIT) } })
    const users = await createUsers(t.admin, "alice", "bob")
    alice = users.alice
    groupId = await createGroupWith(alice, [users.bob])
  })
  afterAll(async () => {
    await t.stop()
  })

  async function send(route: RouteCase, body: Body) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${route.admin ? t.server.adminToken.token : alice.token}`,
    }
    if (body.contentType) headers["content-type"] = body.contentType
    const response = await fetch(`${t.server.url}${route.path({ alice: alice.id, groupId })}`, {
      method: "POST",
      headers,
      ...(body.text === undefined ? {} : { body: body.text }),
    })
    const text = await response.text()
    return {
      status: response.status,
      body: JSON.parse(text) as { error?: { code?: unknown; message?: unknown } },
    }
  }

  const cases = Object.entries(ROUTES).flatMap(([name, route]) =>
    Object.entries({
      ...COMMON,
      ...(route.optionalBody ? { "empty body with content-type json": undefined } : {}),
      "an extra field": json({ ...route.valid, extra: 1 }),
      ...route.bad,
    })
      .filter((entry): entry is [string, Body] => entry[1] !== undefined)
      .map(([bad, body]) => ({ name, route, bad, body })),
  )

  it.each(cases)("$name refuses $bad with a 4xx and a code", async ({ route, body }) => {
    const before = await alice.client.getGroup(groupId)
    const { status, body: answer } = await send(route, body)
    expect(status).toBeGreaterThanOrEqual(400)
    expect(status).toBeLessThan(500)
    expect(answer.error?.code).toMatch(/^[A-Z_]+$/)
    expect(typeof answer.error?.message).toBe("string")
    const after = await alice.client.getGroup(groupId)
    expect({ epoch: after.epoch, version: after.version }).toEqual({
      epoch: before.epoch,
      version: before.version,
    })
  })

  it("maps each kind of bad body to its status and code", async () => {
    const groups = ROUTES["POST /v1/groups"] as RouteCase
    const codes = async (body: Body) => {
      const { status, body: answer } = await send(groups, body)
      return [status, answer.error?.code]
    }
    expect(await codes(COMMON["not JSON"] as Body)).toEqual([400, "INVALID_INPUT"])
    expect(await codes(COMMON["empty body with content-type json"] as Body)).toEqual([
      400,
      "INVALID_INPUT",
    ])
    expect(await codes(json({ name: 5 }))).toEqual([400, "INVALID_INPUT"])
    expect(await codes(json({ name: "g", extra: true }))).toEqual([400, "INVALID_INPUT"])
    expect(await codes(COMMON["more than the body limit"] as Body)).toEqual([
      413,
      "PAYLOAD_TOO_LARGE",
    ])
    expect(await codes(COMMON["text/plain"] as Body)).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"])
    const join = ROUTES["POST /v1/groups/join"] as RouteCase
    expect((await send(join, json({ welcome: "AAA=" }))).body.error?.code).toBe("INVALID_INPUT")
    expect((await send(join, json({ welcome: "A".repeat(8_000) }))).body.error?.code).toBe(
      "INVALID_MESSAGE",
    )
  })

  it("never echoes the body in an error message", async () => {
    const secret = "very-secret-plaintext-value"
    const { body } = await send(ROUTES["POST /v1/groups"] as RouteCase, {
      text: `{"name": "${secret}`,
      contentType: "application/json",
    })
    expect(JSON.stringify(body)).not.toContain(secret)
  })

  it("accepts each route's valid body shape (the cases above fail for the reason named)", async () => {
    const statuses: Record<string, number> = {}
    for (const [name, route] of Object.entries(ROUTES)) {
      if (name.includes("remove") || name.includes("update") || name.includes("leave")) continue
      statuses[name] = (await send(route, json(route.valid))).status
    }
    expect(statuses).toEqual({
      "POST /v1/identities": 201,
      "POST /v1/identities/{id}/key-packages": 200,
      "POST /v1/groups": 201,
      // Shape-valid but not MLS: refused by the service, not by the schema.
      "POST /v1/groups/join": 400,
      "POST /v1/groups/{groupId}/messages": 200,
      "POST /v1/groups/{groupId}/process": 400,
      "POST /v1/groups/{groupId}/members": 400,
    })
  })

  it("accepts a self-update with no body at all", async () => {
    const before = (await alice.client.getGroup(groupId)).epoch
    const response = await fetch(`${t.server.url}/v1/groups/${groupId}/update`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.token}` },
    })
    expect(response.status).toBe(200)
    expect((await alice.client.getGroup(groupId)).epoch).toBe(before + 1)
  })

  it.each([
    ["characters outside base64url", 400, "INVALID_INPUT", "a*b"],
    ["a non-canonical length", 400, "INVALID_INPUT", "AAAAA"],
    ["more than 255 bytes", 400, "INVALID_INPUT", "A".repeat(400)],
    ["a broken percent-encoding", 400, "INVALID_INPUT", "%E0%A4%A"],
    ["more characters than any path parameter may have", 414, "URI_TOO_LONG", "A".repeat(600)],
  ])("refuses a group id with %s with %i %s", async (_name, status, code, id) => {
    const response = await fetch(`${t.server.url}/v1/groups/${id}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    })
    expect(response.status).toBe(status)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code)
  })

  it("answers an unknown group with 404 GROUP_NOT_FOUND and an unknown route with 404 NOT_FOUND", async () => {
    const headers = { authorization: `Bearer ${alice.token}` }
    const group = await fetch(`${t.server.url}/v1/groups/AAAAAAAAAAAAAAAAAAAAAA`, { headers })
    expect([
      group.status,
      ((await group.json()) as { error: { code: string } }).error.code,
    ]).toEqual([404, "GROUP_NOT_FOUND"])
    const route = await fetch(`${t.server.url}/v2/nothing`, { headers })
    expect([
      route.status,
      ((await route.json()) as { error: { code: string } }).error.code,
    ]).toEqual([404, "NOT_FOUND"])
  })

  it("is still ready after all of it", async () => {
    expect((await alice.client.ready()).status).toBe(200)
  })
})
