import { afterEach, describe, expect, it, vi } from "vitest"
import {
  HookTimeoutError,
  InvalidShutdownOptionError,
  ServiceUnavailableError,
  ShutdownCoordinator,
  ShutdownDeadlineError,
  ShutdownError,
  ShutdownPhase,
} from "../src/index.js"
import { deferred, never } from "./helpers.js"

afterEach(() => {
  vi.useRealTimers()
})

describe("ShutdownCoordinator phases", () => {
  it("walks running → not-ready → stop-accepting → draining → closing → done", async () => {
    const coordinator = new ShutdownCoordinator()
    const seen: string[] = []
    coordinator.onPhase((phase, previous) => seen.push(`${previous}>${phase}`))
    expect(coordinator.phase).toBe(ShutdownPhase.Running)
    await coordinator.shutdown("test")
    expect(seen).toEqual([
      "running>not-ready",
      "not-ready>stop-accepting",
      "stop-accepting>draining",
      "draining>closing",
      "closing>done",
    ])
    expect(coordinator.phase).toBe("done")
  })

  it("reports shutting down and aborts its signal as soon as shutdown starts", () => {
    const coordinator = new ShutdownCoordinator()
    expect(coordinator.isShuttingDown).toBe(false)
    expect(coordinator.signal.aborted).toBe(false)
    void coordinator.shutdown("deploy")
    expect(coordinator.isShuttingDown).toBe(true)
    expect(coordinator.phase).toBe("not-ready")
    expect(coordinator.signal.aborted).toBe(true)
    expect(coordinator.signal.reason).toBeInstanceOf(ServiceUnavailableError)
  })

  it("returns the same promise from every shutdown call, keeping the first reason", async () => {
    const coordinator = new ShutdownCoordinator()
    const hook = vi.fn()
    coordinator.addHook("db", hook)
    const first = coordinator.shutdown("first")
    const second = coordinator.shutdown("second")
    expect(second).toBe(first)
    const result = await first
    expect(result.reason).toBe("first")
    expect(coordinator.shutdown("third")).toBe(first)
    expect(coordinator.result).toBe(result)
    expect(hook).toHaveBeenCalledTimes(1)
  })

  it("joins the shutdown in progress when a phase listener or abort handler calls shutdown()", async () => {
    const coordinator = new ShutdownCoordinator()
    const joined: Promise<unknown>[] = []
    coordinator.signal.addEventListener("abort", () => joined.push(coordinator.shutdown("abort")))
    coordinator.onPhase(() => joined.push(coordinator.shutdown("listener")))
    const hook = vi.fn()
    coordinator.addHook("db", hook)
    const first = coordinator.shutdown("first")
    expect(joined.length).toBeGreaterThan(1)
    for (const promise of joined) expect(promise).toBe(first)
    expect((await first).reason).toBe("first")
    expect(hook).toHaveBeenCalledTimes(1)
  })

  it("keeps going when a phase listener throws", async () => {
    const coordinator = new ShutdownCoordinator()
    coordinator.onPhase(() => {
      throw new Error("listener bug")
    })
    const hook = vi.fn()
    coordinator.addHook("db", hook)
    const result = await coordinator.shutdown()
    expect(result.ok).toBe(true)
    expect(hook).toHaveBeenCalled()
  })

  it("stops calling a phase listener once it is removed", async () => {
    const coordinator = new ShutdownCoordinator()
    const listener = vi.fn()
    coordinator.onPhase(listener)()
    await coordinator.shutdown()
    expect(listener).not.toHaveBeenCalled()
  })
})

describe("ShutdownCoordinator work tracking", () => {
  it("accepts work during the readiness delay and refuses it from stop-accepting on", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] })
    const coordinator = new ShutdownCoordinator({ readinessDelayMs: 5_000 })
    const done = coordinator.shutdown()
    await vi.advanceTimersByTimeAsync(4_999)
    expect(coordinator.phase).toBe("not-ready")
    expect(coordinator.isAccepting).toBe(true)
    await expect(coordinator.track(() => "accepted")).resolves.toBe("accepted")
    await vi.advanceTimersByTimeAsync(1)
    expect(coordinator.isAccepting).toBe(false)
    await done
  })

  it("rejects new work with ServiceUnavailableError, without running it", async () => {
    const coordinator = new ShutdownCoordinator()
    await coordinator.shutdown()
    const work = vi.fn()
    const refused = coordinator.track(work)
    await expect(refused).rejects.toBeInstanceOf(ServiceUnavailableError)
    await expect(refused).rejects.toMatchObject({
      name: "ServiceUnavailableError",
      code: "SERVICE_UNAVAILABLE",
      retryable: true,
    })
    expect(work).not.toHaveBeenCalled()
    expect(() => coordinator.begin()).toThrow(ServiceUnavailableError)
    expect(() => coordinator.assertAccepting()).toThrow(ServiceUnavailableError)
    const error = (() => {
      try {
        coordinator.assertAccepting()
      } catch (caught) {
        return caught
      }
    })()
    expect(ShutdownError.isInstance(error)).toBe(true)
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ServiceUnavailableError",
      code: "SERVICE_UNAVAILABLE",
      message: "service unavailable: shutting down",
      retryable: true,
    })
  })

  it("waits for in-flight work before running hooks", async () => {
    const coordinator = new ShutdownCoordinator()
    const order: string[] = []
    const slow = deferred()
    const tracked = coordinator.track(async () => {
      await slow.promise
      order.push("work finished")
      return 42
    })
    const token = coordinator.begin()
    coordinator.addHook("db", () => {
      order.push("hook")
    })
    expect(coordinator.inFlight).toBe(2)
    const done = coordinator.shutdown()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(coordinator.phase).toBe("draining")
    slow.resolve()
    await expect(tracked).resolves.toBe(42)
    expect(coordinator.phase).toBe("draining")
    token.end()
    token.end()
    const result = await done
    expect(order).toEqual(["work finished", "hook"])
    expect(result).toMatchObject({ ok: true, inFlightAbandoned: 0, exitCode: 0 })
    expect(coordinator.inFlight).toBe(0)
  })

  it("counts tracked work that throws as finished", async () => {
    const coordinator = new ShutdownCoordinator()
    await expect(
      coordinator.track(() => {
        throw new Error("boom")
      }),
    ).rejects.toThrow("boom")
    expect(coordinator.inFlight).toBe(0)
  })

  it("stops waiting for in-flight work at the drain timeout, runs the hooks and reports the work abandoned", async () => {
    const coordinator = new ShutdownCoordinator({ timeoutMs: 1_000, drainTimeoutMs: 30 })
    void coordinator.track(never)
    const hook = vi.fn()
    coordinator.addHook("db", hook)
    const result = await coordinator.shutdown()
    expect(hook).toHaveBeenCalled()
    expect(result).toMatchObject({
      ok: false,
      timedOut: false,
      inFlightAbandoned: 1,
      exitCode: 1,
      hooks: [{ name: "db", ok: true }],
    })
  })
})

describe("ShutdownCoordinator hooks", () => {
  it("runs hooks in reverse registration order by default", async () => {
    const coordinator = new ShutdownCoordinator()
    const order: string[] = []
    for (const name of ["store", "broker", "http"])
      coordinator.addHook(name, () => void order.push(name))
    const result = await coordinator.shutdown()
    expect(order).toEqual(["http", "broker", "store"])
    expect(result.hooks.map((hook) => hook.name)).toEqual(["http", "broker", "store"])
  })

  it("runs lower order first, ties in reverse registration order", async () => {
    const coordinator = new ShutdownCoordinator()
    const order: string[] = []
    const add = (name: string, hookOrder?: number) =>
      coordinator.addHook(name, () => void order.push(name), { order: hookOrder })
    add("metrics", 10)
    add("store")
    add("http", -10)
    add("events")
    await coordinator.shutdown()
    expect(order).toEqual(["http", "events", "store", "metrics"])
  })

  it("does not run a hook that was removed", async () => {
    const coordinator = new ShutdownCoordinator()
    const hook = vi.fn()
    coordinator.addHook("db", hook)()
    const result = await coordinator.shutdown()
    expect(hook).not.toHaveBeenCalled()
    expect(result.hooks).toEqual([])
  })

  it("gives each hook the reason and a signal", async () => {
    const coordinator = new ShutdownCoordinator()
    const seen: unknown[] = []
    coordinator.addHook("db", ({ reason, signal }) => {
      seen.push(reason, signal.aborted)
    })
    await coordinator.shutdown("SIGTERM")
    expect(seen).toEqual(["SIGTERM", false])
  })

  it("times out a hook that never resolves, aborts its signal, and still runs the later hooks", async () => {
    const coordinator = new ShutdownCoordinator({ timeoutMs: 5_000 })
    let hangingSignal: AbortSignal | undefined
    const later = vi.fn()
    coordinator.addHook("later", later)
    coordinator.addHook(
      "hangs",
      ({ signal }) => {
        hangingSignal = signal
        return never()
      },
      { timeoutMs: 25 },
    )
    const result = await coordinator.shutdown()
    expect(later).toHaveBeenCalled()
    expect(result.hooks[0]).toMatchObject({ name: "hangs", ok: false, timedOut: true })
    expect(result.hooks[0]?.error).toBeInstanceOf(HookTimeoutError)
    expect(result.hooks[0]?.error).toMatchObject({ code: "SHUTDOWN_HOOK_TIMEOUT" })
    expect(result.hooks[1]).toMatchObject({ name: "later", ok: true })
    expect(hangingSignal?.aborted).toBe(true)
    expect(result).toMatchObject({ ok: false, timedOut: false, exitCode: 1 })
  })

  it("records a hook that throws or rejects and runs the others", async () => {
    const coordinator = new ShutdownCoordinator()
    const ran: string[] = []
    coordinator.addHook("third", () => void ran.push("third"))
    coordinator.addHook("rejects", () => Promise.reject("not an error"))
    coordinator.addHook("throws", () => {
      throw new Error("close failed")
    })
    const result = await coordinator.shutdown()
    expect(ran).toEqual(["third"])
    expect(result.hooks.map((hook) => [hook.name, hook.ok, hook.error?.message])).toEqual([
      ["throws", false, "close failed"],
      ["rejects", false, "hook failed with a non-error value"],
      ["third", true, undefined],
    ])
    expect(result.hooks[1]?.error?.cause).toBe("not an error")
    expect(result.exitCode).toBe(1)
  })

  it("refuses hooks once hooks are running, but accepts them while draining", async () => {
    const coordinator = new ShutdownCoordinator()
    const work = deferred()
    void coordinator.track(() => work.promise)
    const done = coordinator.shutdown()
    const late = vi.fn()
    coordinator.addHook("late-but-in-time", late)
    work.resolve()
    coordinator.addHook("closing", () => {
      expect(() => coordinator.addHook("too-late", () => {})).toThrow(ServiceUnavailableError)
    })
    const result = await done
    expect(late).toHaveBeenCalled()
    expect(result.ok).toBe(true)
  })

  it("rejects a bad hook name, timeout or order with INVALID_INPUT", () => {
    const coordinator = new ShutdownCoordinator()
    coordinator.addHook("db", () => {})
    expect(() => coordinator.addHook("db", () => {})).toThrow(InvalidShutdownOptionError)
    expect(() => coordinator.addHook("", () => {})).toThrow(InvalidShutdownOptionError)
    expect(() => coordinator.addHook("x", () => {}, { timeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", retryable: false }),
    )
    expect(() => coordinator.addHook("y", () => {}, { order: Number.NaN })).toThrow(
      InvalidShutdownOptionError,
    )
    expect(() => new ShutdownCoordinator({ timeoutMs: -1 })).toThrow(InvalidShutdownOptionError)
    expect(() => new ShutdownCoordinator({ drainTimeoutMs: -1 })).toThrow(
      InvalidShutdownOptionError,
    )
  })
})

describe("ShutdownCoordinator deadline", () => {
  it("defaults to a 30 s deadline, draining for at most half of it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] })
    const coordinator = new ShutdownCoordinator()
    void coordinator.track(never)
    const hook = vi.fn()
    coordinator.addHook("db", hook)
    let result: Awaited<ReturnType<typeof coordinator.shutdown>> | undefined
    void coordinator.shutdown().then((r) => {
      result = r
    })
    await vi.advanceTimersByTimeAsync(14_999)
    expect(coordinator.phase).toBe("draining")
    await vi.advanceTimersByTimeAsync(1)
    expect(result).toMatchObject({ inFlightAbandoned: 1, timedOut: false })
    expect(hook).toHaveBeenCalled()
  })

  it("finishes at the deadline when in-flight work outlives it, skipping the hooks, with a non-zero exit code", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] })
    const coordinator = new ShutdownCoordinator({ timeoutMs: 1_000, drainTimeoutMs: 1_000 })
    void coordinator.track(never)
    const hook = vi.fn()
    coordinator.addHook("db", hook)
    let result: Awaited<ReturnType<typeof coordinator.shutdown>> | undefined
    void coordinator.shutdown().then((r) => {
      result = r
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(result).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(result).toMatchObject({
      ok: false,
      timedOut: true,
      inFlightAbandoned: 1,
      exitCode: 1,
      hooks: [{ name: "db", ok: false, skipped: true, durationMs: 0 }],
    })
    expect(hook).not.toHaveBeenCalled()
    expect(coordinator.phase).toBe("done")
  })

  it("cuts a hook short at the overall deadline even if its own timeout is longer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] })
    const coordinator = new ShutdownCoordinator({ timeoutMs: 1_000 })
    coordinator.addHook("after", vi.fn())
    coordinator.addHook("hangs", never, { timeoutMs: 60_000 })
    let result: Awaited<ReturnType<typeof coordinator.shutdown>> | undefined
    void coordinator.shutdown().then((r) => {
      result = r
    })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(result?.timedOut).toBe(true)
    expect(result?.hooks[0]).toMatchObject({ name: "hangs", ok: false, timedOut: true })
    expect(result?.hooks[0]?.error).toBeInstanceOf(ShutdownDeadlineError)
    expect(result?.hooks[1]).toMatchObject({ name: "after", skipped: true })
  })
})
