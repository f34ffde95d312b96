import { describe, expect, it } from "vitest"
import { HealthRegistry, HealthStatus, livenessHandler, readinessHandler } from "../src/index.js"

describe("livenessHandler", () => {
  it("answers 200 while no liveness-critical check is unhealthy, ignoring the others", async () => {
    const registry = new HealthRegistry()
    let dbCalls = 0
    registry.register("db", () => {
      dbCalls++
      return "unhealthy"
    })
    registry.register("event-loop", () => "degraded", { liveness: true })
    const { statusCode, body } = await livenessHandler(registry)()
    expect(statusCode).toBe(200)
    expect(body.status).toBe("degraded")
    expect(body.components.map((c) => c.name)).toEqual(["event-loop"])
    expect(dbCalls).toBe(0)
  })

  it("answers 503 when a liveness-critical check is unhealthy", async () => {
    const registry = new HealthRegistry()
    registry.register("state", () => "unhealthy", { liveness: true })
    expect((await livenessHandler(registry)()).statusCode).toBe(503)
  })

  it("answers 503 when a liveness-critical check hangs past its timeout", async () => {
    const registry = new HealthRegistry()
    registry.register("loop", () => new Promise(() => {}), { liveness: true, timeoutMs: 10 })
    expect((await livenessHandler(registry)()).statusCode).toBe(503)
  })

  it("stays 200 while shutting down, so the orchestrator does not kill a draining process", async () => {
    const registry = new HealthRegistry()
    registry.register("loop", () => "healthy", { liveness: true })
    registry.setShuttingDown()
    expect((await livenessHandler(registry)()).statusCode).toBe(200)
  })
})

describe("readinessHandler", () => {
  it("answers 200 for healthy and for degraded", async () => {
    const registry = new HealthRegistry()
    registry.register("db", () => "healthy")
    const ready = readinessHandler(registry)
    expect(await ready()).toMatchObject({ statusCode: 200, body: { status: "healthy" } })
    registry.register("broker", () => ({ status: "degraded", details: "1 of 3 nodes down" }))
    expect(await ready()).toMatchObject({ statusCode: 200, body: { status: "degraded" } })
  })

  it("answers 503 when any component is unhealthy", async () => {
    const registry = new HealthRegistry()
    registry.register("db", () => "healthy")
    registry.register("store", () => {
      throw new Error("disk full")
    })
    const { statusCode, body } = await readinessHandler(registry)()
    expect(statusCode).toBe(503)
    expect(body.status).toBe("unhealthy")
  })

  it("answers 503 while shutting down without running any check", async () => {
    let calls = 0
    let stopping = false
    const registry = new HealthRegistry({ shuttingDown: () => stopping })
    registry.register("db", () => {
      calls++
      return "healthy"
    })
    stopping = true
    const { statusCode, body } = await readinessHandler(registry)()
    expect(statusCode).toBe(503)
    expect(body.status).toBe("unhealthy")
    expect(body.components).toEqual([
      { name: "shutdown", status: "unhealthy", details: "shutting down", durationMs: 0 },
    ])
    expect(calls).toBe(0)
  })

  it("answers 503 when shutdown begins while the checks are running", async () => {
    const registry = new HealthRegistry()
    registry.register("db", async () => {
      registry.setShuttingDown()
      return HealthStatus.Healthy
    })
    expect((await readinessHandler(registry)()).statusCode).toBe(503)
  })

  it("returns a body that survives a JSON round trip unchanged", async () => {
    const registry = new HealthRegistry()
    registry.register("db", () => ({ status: "degraded", details: "slow" }))
    const { body } = await readinessHandler(registry)()
    expect(JSON.parse(JSON.stringify(body))).toEqual(body)
    expect(Object.keys(body).sort()).toEqual(["checkedAt", "components", "status"])
  })
})
