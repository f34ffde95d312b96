import { createServer, request } from "node:http"
import type { AddressInfo } from "node:net"
import { Gauge, Registry } from "prom-client"
import { afterEach, describe, expect, it } from "vitest"
import { createMlsMetrics, metricsHandler, startMetricsServer } from "../src/index.js"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

async function listen(registry: Registry): Promise<string> {
  const server = createServer(metricsHandler(registry))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

function head(
  url: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "HEAD" }, (res) => {
      let body = ""
      res.on("data", (chunk) => {
        body += chunk
      })
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on("error", reject)
    req.end()
  })
}

describe("metricsHandler", () => {
  it("answers GET with the registry's text and content type", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    const response = await fetch(await listen(registry))
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe(registry.contentType)
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8")
    expect(await response.text()).toBe(await registry.metrics())
  })

  it("answers HEAD with headers only", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    const response = await head(await listen(registry))
    expect(response.status).toBe(200)
    expect(response.headers["content-type"]).toBe(registry.contentType)
    expect(Number(response.headers["content-length"])).toBeGreaterThan(0)
    expect(response.body).toBe("")
  })

  it("rejects other methods with 405 and an Allow header", async () => {
    const url = await listen(new Registry())
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await fetch(url, { method })
      expect(response.status).toBe(405)
      expect(response.headers.get("allow")).toBe("GET, HEAD")
    }
  })

  it("answers 500 with a short body that hides the cause when collection throws", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    new Gauge({
      name: "broken",
      help: "throws on collect",
      registers: [registry],
      collect() {
        throw new Error("database password is hunter2")
      },
    })
    const response = await fetch(await listen(registry))
    expect(response.status).toBe(500)
    expect(await response.text()).toBe("failed to collect metrics\n")
  })

  it("answers 500 when an active-groups callback rejects", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry, activeGroups: () => Promise.reject(new Error("store down")) })
    expect((await fetch(await listen(registry))).status).toBe(500)
  })
})

describe("startMetricsServer", () => {
  it("serves metrics on /metrics of an ephemeral port and 404 elsewhere", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    const server = await startMetricsServer({ registry, port: 0 })
    cleanups.push(() => server.close())
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`)
    expect(server.port).toBeGreaterThan(0)
    expect((await fetch(server.url)).status).toBe(200)
    expect((await fetch(`${server.url}?x=1`)).status).toBe(200)
    expect((await fetch(new URL("/other", server.url))).status).toBe(404)
  })

  it("stops listening after close", async () => {
    const server = await startMetricsServer({ registry: new Registry(), port: 0 })
    await fetch(server.url)
    await server.close()
    await expect(fetch(server.url)).rejects.toThrow()
  })

  it("rejects when the port is already in use", async () => {
    const first = await startMetricsServer({ registry: new Registry(), port: 0 })
    cleanups.push(() => first.close())
    await expect(
      startMetricsServer({ registry: new Registry(), port: first.port }),
    ).rejects.toThrow(/EADDRINUSE/)
  })
})
