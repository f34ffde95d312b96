import { describe, expect, it } from "vitest"
import { ShutdownCoordinator, summarizeShutdown } from "../src/index.js"
import { never } from "./helpers.js"

describe("summarizeShutdown", () => {
  it("names every hook that threw or timed out, with its error", async () => {
    const coordinator = new ShutdownCoordinator({ timeoutMs: 200, hookTimeoutMs: 50 })
    coordinator.addHook("slow-flush", () => never(), { order: 2, timeoutMs: 1_000 })
    coordinator.addHook("broken-cache", () => Promise.reject(new Error("cache is gone")), {
      order: 1,
    })
    coordinator.addHook("http-server", () => never(), { order: 0 })
    coordinator.addHook("metrics", () => {}, { order: -1 })
    const summary = summarizeShutdown(await coordinator.shutdown("SIGTERM"))
    expect(summary).toMatchObject({
      ok: false,
      reason: "SIGTERM",
      exitCode: 1,
      timedOut: true,
      inFlightAbandoned: 0,
    })
    expect(summary.failedHooks.map(({ durationMs: _, ...hook }) => hook)).toEqual([
      {
        name: "http-server",
        outcome: "timed out",
        error: "shutdown hook http-server timed out after 50 ms",
      },
      { name: "broken-cache", outcome: "failed", error: "cache is gone" },
      { name: "slow-flush", outcome: "timed out", error: "shutdown deadline of 200 ms passed" },
    ])
  })

  it("names a hook the deadline left no time to start as skipped", () => {
    const summary = summarizeShutdown({
      ok: false,
      reason: "SIGTERM",
      durationMs: 30_000,
      timedOut: true,
      inFlightAbandoned: 2,
      exitCode: 1,
      hooks: [
        { name: "http-server", ok: true, durationMs: 3 },
        { name: "store", ok: false, durationMs: 0, skipped: true },
      ],
    })
    expect(summary.failedHooks).toEqual([{ name: "store", outcome: "skipped", durationMs: 0 }])
    expect(summary.inFlightAbandoned).toBe(2)
  })

  it("lists no failed hooks for a clean shutdown", async () => {
    const coordinator = new ShutdownCoordinator()
    coordinator.addHook("store", () => {})
    expect(summarizeShutdown(await coordinator.shutdown())).toMatchObject({
      ok: true,
      exitCode: 0,
      failedHooks: [],
    })
  })
})
