/**
 * The client's wire types come from the server's OpenAPI document:
 * packages/client/src/openapi-types.ts must be exactly what openapi-typescript
 * generates from the document this server serves, so a schema change that is
 * not regenerated (`pnpm --filter @mlskit/server gen:client-types`) fails here.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CLIENT_TYPES_PATH, clientTypesSource } from "../scripts/client-types.mjs"
import { startTestServer, type TestServer } from "./helpers.js"

const root = fileURLToPath(new URL("../../..", import.meta.url))

describe("the client's generated wire types", () => {
  let t: TestServer
  let document: Record<string, unknown>

  beforeAll(async () => {
    t = await startTestServer()
    document = (await (await fetch(`${t.server.url}/openapi.json`)).json()) as Record<
      string,
      unknown
    >
  })
  afterAll(async () => {
    await t.stop()
  })

  it("are what openapi-typescript generates from GET /openapi.json", async () => {
    const committed = readFileSync(join(root, CLIENT_TYPES_PATH), "utf8")
    expect(await clientTypesSource(document)).toBe(committed)
  })

  it("change when one response field changes (the comparison can fail)", async () => {
    const altered = structuredClone(document) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    const ok = altered.paths["/v1/groups/{groupId}"]?.get?.responses["200"] as {
      content: { "application/json": { schema: { properties: Record<string, unknown> } } }
    }
    const properties = ok.content["application/json"].schema.properties
    properties.ownLeafIndex = { type: "string" }
    const committed = readFileSync(join(root, CLIENT_TYPES_PATH), "utf8")
    expect(await clientTypesSource(altered)).not.toBe(committed)
  })
})
