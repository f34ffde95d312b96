/** AppendNotifier: wakes, timeouts, aborts, a bound on waiters, and no waiter left behind. */
import { describe, expect, it } from "vitest"
import { AppendNotifier } from "../src/index.js"
import { expectMlskitError } from "../src/testing/expect-error.js"

describe("AppendNotifier", () => {
  it("wakes a waiter whose cursor the group passed, not one still ahead of it", async () => {
    const notifier = new AppendNotifier()
    const behind = notifier.wait("g", 1, { timeoutMs: 60_000 })
    const ahead = notifier.wait("g", 5, { timeoutMs: 30 })
    notifier.notify("g", 2)
    expect(await behind).toBe(true)
    expect(await ahead).toBe(false)
    expect(notifier.waiting).toBe(0)
  })

  it("remembers the last seq, so an append between a read and a wait is not missed", async () => {
    const notifier = new AppendNotifier()
    notifier.notify("g", 3)
    expect(await notifier.wait("g", 2, { timeoutMs: 0 })).toBe(true)
    expect(await notifier.wait("g", 3, { timeoutMs: 0 })).toBe(false)
  })

  it("ignores a notification older than the last one", async () => {
    const notifier = new AppendNotifier()
    notifier.notify("g", 5)
    notifier.notify("g", 4)
    expect(await notifier.wait("g", 4, { timeoutMs: 0 })).toBe(true)
  })

  it("refuses waits beyond maxWaiters with SERVICE_UNAVAILABLE, retryable", async () => {
    const notifier = new AppendNotifier({ maxWaiters: 2 })
    const a = notifier.wait("g", 0, { timeoutMs: 60_000 })
    const b = notifier.wait("h", 0, { timeoutMs: 60_000 })
    const error = await expectMlskitError(
      notifier.wait("g", 0, { timeoutMs: 60_000 }),
      "SERVICE_UNAVAILABLE",
    )
    expect(error.retryable).toBe(true)
    notifier.notify("g", 1)
    notifier.notify("h", 1)
    expect(await Promise.all([a, b])).toEqual([true, true])
    expect(await notifier.wait("g", 0, { timeoutMs: 0 })).toBe(true)
  })

  it("leaves no waiter behind after timeouts and aborts", async () => {
    const notifier = new AppendNotifier()
    const controller = new AbortController()
    const aborted = notifier.wait("g", 0, { timeoutMs: 60_000, signal: controller.signal })
    const timedOut = notifier.wait("g", 0, { timeoutMs: 10 })
    expect(notifier.waiting).toBe(2)
    controller.abort(new Error("gone"))
    await expect(aborted).rejects.toThrow("gone")
    expect(await timedOut).toBe(false)
    expect(notifier.waiting).toBe(0)
  })
})
