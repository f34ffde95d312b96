import { createServer, type RequestListener, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { HealthRegistry, type HealthReport, healthRequestListener } from "../src/index.js"

const servers: Server[] = []

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  )
})

describe("healthRequestListener over a real socket", () => {
  it("serves liveness and readiness as JSON that is never cached", async () => {
    const registry = new HealthRegistry()
    registry.register("db", () => ({ status: "degraded", details: "replica lag" }))
    const base = await serve(healthRequestListener(registry))

    const live = await fetch(`${base}/health/live`)
    expect(live.status).toBe(200)
    expect(live.headers.get("content-type")).toBe("application/json; charset=utf-8")
    expect(live.headers.get("cache-control")).toBe("no-store")
    expect(await live.json()).toMatchObject({ status: "healthy", components: [] })

    const ready = await fetch(`${base}/health/ready?verbose=1`)
    expect(ready.status).toBe(200)
    const body = (await ready.json()) as HealthReport
    expect(body).toMatchObject({
      status: "degraded",
      components: [{ name: "db", status: "degraded", details: "replica lag" }],
    })
    expect(typeof body.checkedAt).toBe("string")
  })

  it("answers 503 on readiness once shutting down", async () => {
    const registry = new HealthRegistry()
    const base = await serve(healthRequestListener(registry))
    expect((await fetch(`${base}/health/ready`)).status).toBe(200)
    registry.setShuttingDown()
    const response = await fetch(`${base}/health/ready`)
    expect(response.status).toBe(503)
    expect(((await response.json()) as HealthReport).status).toBe("unhealthy")
  })

  it("answers HEAD with the status and no body", async () => {
    const registry = new HealthRegistry()
    registry.register("db", () => "unhealthy")
    const base = await serve(healthRequestListener(registry))
    const response = await fetch(`${base}/health/ready`, { method: "HEAD" })
    expect(response.status).toBe(503)
    expect(await response.text()).toBe("")
  })

  it("refuses other methods with 405 and an Allow header", async () => {
    const base = await serve(healthRequestListener(new HealthRegistry()))
    const response = await fetch(`${base}/health/live`, { method: "POST" })
    expect(response.status).toBe(405)
    expect(response.headers.get("allow")).toBe("GET, HEAD")
  })

  it("answers 404 for other paths, or hands them to the fallback", async () => {
    const registry = new HealthRegistry()
    const plain = await serve(healthRequestListener(registry))
    expect((await fetch(`${plain}/metrics`)).status).toBe(404)

    const withFallback = await serve(
      healthRequestListener(registry, {
        livenessPath: "/livez",
        readinessPath: "/readyz",
        fallback: (_req, res) => {
          res.statusCode = 418
          res.end("app")
        },
      }),
    )
    expect((await fetch(`${withFallback}/livez`)).status).toBe(200)
    expect((await fetch(`${withFallback}/readyz`)).status).toBe(200)
    const other = await fetch(`${withFallback}/health/live`)
    expect(other.status).toBe(418)
    expect(await other.text()).toBe("app")
  })
})
