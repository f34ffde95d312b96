import { describe, expect, it } from "vitest"
import { testBroadcaster } from "./helpers.js"

describe("EventBroadcaster.hasSubscribers", () => {
  it("is false with nobody listening and true for a subscribed type only", () => {
    const events = testBroadcaster()
    expect(events.hasSubscribers("joined")).toBe(false)
    const unsubscribe = events.subscribe("joined", () => {})
    expect(events.hasSubscribers("joined")).toBe(true)
    expect(events.hasSubscribers("left")).toBe(false)
    unsubscribe()
    expect(events.hasSubscribers("joined")).toBe(false)
  })

  it('is true for every type while a "*" subscriber or stream listens', () => {
    const events = testBroadcaster()
    const unsubscribe = events.subscribe("*", () => {})
    expect(events.hasSubscribers("joined")).toBe(true)
    expect(events.hasSubscribers("left")).toBe(true)
    unsubscribe()
    const controller = new AbortController()
    events.iterate("*", { signal: controller.signal })
    expect(events.hasSubscribers("left")).toBe(true)
    controller.abort()
    expect(events.hasSubscribers("left")).toBe(false)
  })

  it("is false once the broadcaster is closed", () => {
    const events = testBroadcaster()
    events.subscribe("joined", () => {})
    events.close()
    expect(events.hasSubscribers("joined")).toBe(false)
  })
})

describe("handler delivery", () => {
  it("reports a thenable whose then throws as a failure and keeps delivering in order", async () => {
    const failures: string[] = []
    const events = testBroadcaster({ onError: (error) => failures.push(error.eventType) })
    const seen: number[] = []
    events.subscribe("joined", (e) => {
      seen.push(e.seq)
      if (e.seq === 1) {
        return {
          // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point of the test
          then() {
            throw new Error("broken thenable")
          },
        }
      }
    })
    for (let seq = 1; seq <= 3; seq++) events.emit({ type: "joined", group: "g", seq })
    await events.idle()
    expect(seen).toEqual([1, 2, 3])
    expect(failures).toEqual(["joined"])
    expect(events.stats().handlerErrors).toBe(1)
  })

  it("calls a synchronous handler once per event, in emit order, across bursts", async () => {
    const events = testBroadcaster()
    const seen: number[] = []
    events.subscribe("joined", (e) => {
      seen.push(e.seq)
    })
    for (let seq = 1; seq <= 3; seq++) events.emit({ type: "joined", group: "g", seq })
    await events.idle()
    for (let seq = 4; seq <= 5; seq++) events.emit({ type: "joined", group: "g", seq })
    await events.idle()
    expect(seen).toEqual([1, 2, 3, 4, 5])
  })
})
