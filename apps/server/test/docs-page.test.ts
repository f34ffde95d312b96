/**
 * What a person with a browser or curl finds: `/docs` (Swagger UI, its assets
 * served from the npm package), the OpenAPI JSON, and `GET /` pointing to both
 * and to the health probes, all over a real socket.
 */
import Fastify from "fastify"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { registerOpenApi } from "../src/index.js"
import { startTestServer, type TestServer } from "./helpers.js"

describe("the documentation routes", () => {
  let t: TestServer
  let base: string

  beforeAll(async () => {
    t = await startTestServer()
    base = t.server.url
  })
  afterAll(async () => {
    await t.stop()
  })

  it("serves the interactive docs page at /docs with its assets, without a token", async () => {
    const page = await fetch(`${base}/docs/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toMatch(/text\/html/)
    const html = await page.text()
    expect(html).toMatch(/swagger-ui/i)
    for (const asset of ["swagger-ui.css", "swagger-ui-bundle.js"]) {
      const response = await fetch(`${base}/docs/static/${asset}`)
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 })
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    }
    const bare = await fetch(`${base}/docs`, { redirect: "manual" })
    expect([200, 302]).toContain(bare.status)
  })

  it("gives the page the same document as /openapi.json", async () => {
    const served = await (await fetch(`${base}/openapi.json`)).json()
    const forPage = await (await fetch(`${base}/docs/json`)).json()
    expect(forPage).toEqual(served)
    expect(served).toMatchObject({ openapi: "3.1.0", paths: expect.any(Object) })
  })

  it("answers GET / with JSON links to the docs, the document and the probes", async () => {
    const response = await fetch(`${base}/`, { headers: { accept: "application/json" } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { links: Record<string, string> }
    expect(body.links).toEqual({
      docs: "/docs",
      openapi: "/openapi.json",
      live: "/health/live",
      ready: "/health/ready",
    })
    for (const href of Object.values(body.links)) {
      expect({ href, status: (await fetch(`${base}${href}`)).status }).toEqual({
        href,
        status: 200,
      })
    }
  })

  it("answers GET / from a browser with an HTML page linking to /docs", async () => {
    const response = await fetch(`${base}/`, {
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/text\/html/)
    expect(await response.text()).toContain('href="/docs"')
  })
})

describe("registerOpenApi", () => {
  it("documents routes added later with derived operationIds, bearer security under /v1/", async () => {
    const app = Fastify()
    await registerOpenApi(app, { title: "t", version: "1" })
    app.post(
      "/v1/groups/:groupId/leave",
      { schema: { summary: "Leave", tags: ["groups"], response: { 204: { type: "null" } } } },
      async () => null,
    )
    app.get("/status", { schema: { summary: "Status", tags: ["health"] } }, async () => "ok")
    await app.ready()
    const doc = app.swagger() as unknown as {
      paths: Record<string, Record<string, Record<string, unknown>>>
    }
    expect(doc.paths["/v1/groups/{groupId}/leave"]?.post).toMatchObject({
      operationId: "postGroupsByGroupIdLeave",
      security: [{ bearer: [] }],
      responses: { "204": { description: "success" } },
    })
    expect(doc.paths["/status"]?.get).toMatchObject({ operationId: "getStatus", security: [] })
    await app.close()
  })
})
