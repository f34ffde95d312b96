import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestServer, type TestServer } from "./helpers.js"

type Schema = Record<string, unknown>
type Operation = {
  operationId?: string
  summary?: string
  tags?: string[]
  requestBody?: { content: Record<string, { schema: Schema }> }
  parameters?: { name: string; in: string; required: boolean; schema: Schema }[]
  security?: unknown
  responses: Record<string, unknown>
}

const ROUTES = [
  "get /health/live",
  "get /health/ready",
  "post /v1/identities",
  "get /v1/identities",
  "delete /v1/identities/{id}",
  "post /v1/identities/{id}/token",
  "post /v1/identities/{id}/key-packages",
  "post /v1/groups",
  "post /v1/groups/join",
  "post /v1/groups/join-external",
  "get /v1/groups",
  "get /v1/groups/{groupId}",
  "delete /v1/groups/{groupId}",
  "get /v1/groups/{groupId}/group-info",
  "post /v1/groups/{groupId}/messages",
  "post /v1/groups/{groupId}/process",
  "post /v1/groups/{groupId}/members",
  "post /v1/groups/{groupId}/members/remove",
  "post /v1/groups/{groupId}/update",
  "post /v1/groups/{groupId}/leave",
  "get /v1/events",
  "post /v1/key-packages/claim",
  "get /v1/inbox",
  "get /v1/inbox/events",
  "get /v1/groups/{groupId}/log",
  "post /v1/groups/{groupId}/log",
  "post /v1/groups/register",
  "post /v1/key-packages",
  "get /v1/welcomes",
  "delete /v1/welcomes/{id}",
]

/** Problems that would let an unbounded or unexpected value through a body schema. */
function looseSpots(schema: Schema, at: string): string[] {
  const out: string[] = []
  if (schema.type === "object") {
    if (schema.additionalProperties !== false) out.push(`${at} allows extra properties`)
    for (const [key, value] of Object.entries(
      (schema.properties ?? {}) as Record<string, Schema>,
    )) {
      out.push(...looseSpots(value, `${at}.${key}`))
    }
  }
  if (schema.type === "string" && typeof schema.maxLength !== "number")
    out.push(`${at} has no maxLength`)
  if (schema.type === "array") {
    if (typeof schema.maxItems !== "number") out.push(`${at} has no maxItems`)
    out.push(...looseSpots(schema.items as Schema, `${at}[]`))
  }
  if (schema.type === "integer" && typeof schema.maximum !== "number")
    out.push(`${at} has no maximum`)
  return out
}

describe("GET /openapi.json", () => {
  let t: TestServer
  let doc: {
    openapi: string
    info: Schema
    paths: Record<string, Record<string, Operation>>
    components: Schema
  }
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ route: `${method} ${path}`, path, op })),
    )

  beforeAll(async () => {
    t = await startTestServer()
    doc = (await t.admin.openApi()) as typeof doc
  })
  afterAll(async () => {
    await t.stop()
  })

  it("is an OpenAPI 3.1 document of exactly the server's routes", () => {
    expect(doc.openapi).toBe("3.1.0")
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(
      operations()
        .map((o) => o.route)
        .sort(),
    ).toEqual([...ROUTES].sort())
  })

  it("bounds every request body: no extra properties, every string, array and integer limited", () => {
    const bodies = operations().filter((o) => o.op.requestBody)
    expect(bodies.length).toBe(16)
    for (const { route, op } of bodies) {
      const schema = op.requestBody?.content["application/json"]?.schema as Schema
      expect({ route, problems: looseSpots(schema, "body") }).toEqual({ route, problems: [] })
    }
  })

  it("declares each path parameter", () => {
    for (const { route, path, op } of operations()) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      const inPath = (op.parameters ?? []).filter((p) => p.in === "path")
      expect({ route, params: inPath.map((p) => p.name) }).toEqual({ route, params: names })
    }
  })

  it("declares the optional, bounded query parameters of the identity and group listings", () => {
    const lists = ["/v1/identities", "/v1/groups"]
    for (const path of lists) {
      const query = (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === "query")
      expect(query.map((p) => [p.name, p.required])).toEqual([
        ["limit", false],
        ["cursor", false],
      ])
      for (const p of query) expect(looseSpots(p.schema, p.name)).toEqual([])
    }
    // The delivery reads page by cursor (`after`), and the inbox long-polls (`wait`).
    const paged: Record<string, string[]> = {
      "get /v1/inbox": ["after", "limit", "wait"],
      "get /v1/inbox/events": ["after"],
      "get /v1/groups/{groupId}/log": ["after", "limit", "wait"],
      "get /v1/welcomes": ["limit"],
    }
    for (const [route, names] of Object.entries(paged)) {
      const [method, path] = route.split(" ") as [string, string]
      const query = (doc.paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === "query")
      expect({ route, query: query.map((p) => [p.name, p.required]) }).toEqual({
        route,
        query: names.map((name) => [name, false]),
      })
      for (const p of query) expect(looseSpots(p.schema, p.name)).toEqual([])
    }
    const others = operations().filter(
      (o) => !lists.map((p) => `get ${p}`).includes(o.route) && !(o.route in paged),
    )
    for (const { route, op } of others) {
      expect({ route, query: (op.parameters ?? []).filter((p) => p.in === "query") }).toEqual({
        route,
        query: [],
      })
    }
  })

  it("documents deletion as 204 without a body, and rotation as 200 with the id and new token", () => {
    const deleted = doc.paths["/v1/identities/{id}"]?.delete?.responses["204"]
    expect(deleted).toEqual({ description: "deleted" })
    const rotated = doc.paths["/v1/identities/{id}/token"]?.post?.responses["200"] as {
      content: Record<string, { schema: Schema }>
    }
    expect(rotated.content["application/json"]?.schema).toMatchObject({
      required: ["id", "token"],
      additionalProperties: false,
    })
  })

  it("marks every /v1 route as needing a bearer token, with the error body for 4XX and 5XX", () => {
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: "http", scheme: "bearer" },
    })
    for (const { route, op } of operations().filter((o) => o.path.startsWith("/v1/"))) {
      expect({ route, security: op.security }).toEqual({ route, security: [{ bearer: [] }] })
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["4XX", "5XX"]))
    }
  })

  it("gives every operation a unique operationId, a tag and a summary", () => {
    const ids = operations().map((o) => o.op.operationId)
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    for (const { route, op } of operations()) {
      expect({ route, tags: op.tags?.length, summary: typeof op.summary }).toEqual({
        route,
        tags: 1,
        summary: "string",
      })
    }
    expect(doc.paths["/v1/groups/{groupId}/members"]?.post?.operationId).toBe(
      "postGroupsByGroupIdMembers",
    )
  })

  it("marks the health probes as public and names a server", () => {
    expect(doc.paths["/health/live"]?.get?.security).toEqual([])
    expect(doc.paths["/health/ready"]?.get?.security).toEqual([])
    expect((doc as unknown as { servers: unknown[] }).servers.length).toBeGreaterThan(0)
  })

  it("describes the event stream as text/event-stream", () => {
    const ok = doc.paths["/v1/events"]?.get?.responses["200"] as { content?: Schema } | undefined
    expect(Object.keys(ok?.content ?? {})).toEqual(["text/event-stream"])
  })
})
