import { describe, expect, it, vi } from "vitest"
import {
  HealthCheckTimeoutError,
  HealthError,
  HealthRegistry,
  HealthStatus,
  InvalidHealthCheckError,
} from "../src/index.js"

const never = () => new Promise<never>(() => {})

describe("HealthRegistry", () => {
  it("reports healthy with no components when nothing is registered", async () => {
    const report = await new HealthRegistry().check()
    expect(report.status).toBe("healthy")
    expect(report.components).toEqual([])
    expect(new Date(report.checkedAt).toISOString()).toBe(report.checkedAt)
  })

  it("accepts sync and async checks returning a status or a component health", async () => {
    const registry = new HealthRegistry()
    registry.register("sync-status", () => HealthStatus.Healthy)
    registry.register("async-status", async () => HealthStatus.Healthy)
    registry.register("sync-component", () => ({ status: "healthy", details: "2 active groups" }))
    registry.register("async-component", async () => ({ name: "ignored", status: "healthy" }))
    const report = await registry.check()
    expect(report.status).toBe("healthy")
    expect(
      report.components.map(({ name, status, details }) => ({ name, status, details })),
    ).toEqual([
      { name: "sync-status", status: "healthy", details: undefined },
      { name: "async-status", status: "healthy", details: undefined },
      { name: "sync-component", status: "healthy", details: "2 active groups" },
      { name: "async-component", status: "healthy", details: undefined },
    ])
    for (const component of report.components)
      expect(component.durationMs).toBeGreaterThanOrEqual(0)
  })

  it("lets the worst component decide", async () => {
    const registry = new HealthRegistry()
    registry.register("a", () => "healthy")
    registry.register("b", () => "degraded")
    expect((await registry.check()).status).toBe("degraded")
    registry.register("c", () => "unhealthy")
    expect((await registry.check()).status).toBe("unhealthy")
  })

  it("reports a throwing check as unhealthy with the error's class and code, not its message or stack", async () => {
    const seen: unknown[] = []
    const registry = new HealthRegistry({ onCheckError: (_name, error) => seen.push(error) })
    const secret = Object.assign(new Error("password=hunter2 at postgres://db"), {
      code: "ECONNREFUSED",
    })
    registry.register("db", () => {
      throw secret
    })
    registry.register("cache", () => Promise.reject(new TypeError("token abc")))
    const report = await registry.check()
    expect(report.status).toBe("unhealthy")
    expect(report.components.map((c) => c.details)).toEqual([
      "check failed: Error (ECONNREFUSED)",
      "check failed: TypeError",
    ])
    const json = JSON.stringify(report)
    expect(json).not.toContain("hunter2")
    expect(json).not.toContain("token abc")
    expect(json).not.toContain("    at ")
    expect(seen).toEqual([secret, expect.any(TypeError)])
  })

  it("reports a check that exceeds its timeout as unhealthy and says so", async () => {
    const errors: unknown[] = []
    const registry = new HealthRegistry({
      timeoutMs: 20,
      onCheckError: (_name, error) => errors.push(error),
    })
    registry.register("hangs", never)
    registry.register("fine", () => "healthy")
    const report = await registry.check()
    expect(report.status).toBe("unhealthy")
    expect(report.components[0]).toMatchObject({
      name: "hangs",
      status: "unhealthy",
      details: "check timed out after 20 ms",
    })
    expect(report.components[1]).toMatchObject({ name: "fine", status: "healthy" })
    expect(errors[0]).toBeInstanceOf(HealthCheckTimeoutError)
    expect(errors[0]).toMatchObject({ code: "HEALTH_CHECK_TIMEOUT", retryable: true })
  })

  it("uses a check's own timeout over the registry default", async () => {
    const registry = new HealthRegistry({ timeoutMs: 10_000 })
    registry.register("hangs", never, { timeoutMs: 15 })
    const report = await registry.check()
    expect(report.components[0]?.details).toBe("check timed out after 15 ms")
  })

  it("defaults the check timeout to 2 s", async () => {
    const registry = new HealthRegistry()
    registry.register("hangs", never)
    vi.useFakeTimers()
    try {
      const pending = registry.check()
      await vi.advanceTimersByTimeAsync(1999)
      let settled = false
      void pending.then(() => {
        settled = true
      })
      await vi.advanceTimersByTimeAsync(0)
      expect(settled).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect((await pending).components[0]?.details).toBe("check timed out after 2000 ms")
    } finally {
      vi.useRealTimers()
    }
  })

  it("aborts the signal it gave a check when that check times out", async () => {
    const registry = new HealthRegistry({ timeoutMs: 10 })
    let signal: AbortSignal | undefined
    registry.register("hangs", (context) => {
      signal = context.signal
      return never()
    })
    await registry.check()
    expect(signal?.aborted).toBe(true)
    expect(signal?.reason).toBeInstanceOf(HealthCheckTimeoutError)
  })

  it("reports a check returning something other than a status as unhealthy", async () => {
    const registry = new HealthRegistry()
    const untyped = registry.register.bind(registry) as (name: string, check: () => unknown) => void
    untyped("ok-string", () => "ok")
    untyped("nothing", () => undefined)
    const report = await registry.check()
    expect(report.components.map((c) => [c.status, c.details])).toEqual([
      ["unhealthy", "check returned an invalid result"],
      ["unhealthy", "check returned an invalid result"],
    ])
  })

  it("shares one run of a check between concurrent reports", async () => {
    const registry = new HealthRegistry()
    let calls = 0
    registry.register("db", async () => {
      calls++
      await new Promise((resolve) => setTimeout(resolve, 10))
      return HealthStatus.Healthy
    })
    await Promise.all([registry.check(), registry.check(), registry.checkLiveness()])
    expect(calls).toBe(1)
    await registry.check()
    expect(calls).toBe(2)
  })

  it("rejects an empty or duplicate name and a bad timeout with INVALID_INPUT", () => {
    const registry = new HealthRegistry()
    registry.register("db", () => "healthy")
    expect(() => registry.register("db", () => "healthy")).toThrow(InvalidHealthCheckError)
    expect(() => registry.register(" ", () => "healthy")).toThrow(InvalidHealthCheckError)
    expect(() => registry.register("x", () => "healthy", { timeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", retryable: false }),
    )
    expect(() => new HealthRegistry({ timeoutMs: Number.NaN })).toThrow(HealthError)
  })

  it("removes a check with the function register returned", async () => {
    const registry = new HealthRegistry()
    const unregister = registry.register("db", () => "unhealthy")
    registry.register("cache", () => "healthy")
    unregister()
    expect(registry.names()).toEqual(["cache"])
    expect((await registry.check()).status).toBe("healthy")
    registry.register("db", () => "healthy")
    unregister()
    expect(registry.names()).toEqual(["cache", "db"])
  })

  it("counts as shutting down after setShuttingDown() or while the predicate says so", () => {
    let stopping = false
    const registry = new HealthRegistry({ shuttingDown: () => stopping })
    expect(registry.shuttingDown).toBe(false)
    stopping = true
    expect(registry.shuttingDown).toBe(true)
    stopping = false
    registry.setShuttingDown()
    expect(registry.shuttingDown).toBe(true)
    registry.setShuttingDown(false)
    expect(registry.shuttingDown).toBe(false)
  })
})
