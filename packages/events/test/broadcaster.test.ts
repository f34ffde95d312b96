import { describe, expect, it } from "vitest"
import { EventHandlerError, EventsError } from "../src/index.js"
import { deferred, settle, testBroadcaster } from "./helpers.js"

describe("EventBroadcaster.subscribe", () => {
  it("delivers events of the subscribed type only", async () => {
    const events = testBroadcaster()
    const seen: string[] = []
    events.subscribe("joined", (e) => {
      seen.push(`${e.type}:${e.seq}`)
    })
    events.emit({ type: "joined", group: "g", seq: 1 })
    events.emit({ type: "left", group: "g", seq: 2 })
    await events.idle()
    expect(seen).toEqual(["joined:1"])
  })

  it('delivers every type to a "*" subscriber, in emit order', async () => {
    const events = testBroadcaster()
    const seen: string[] = []
    events.subscribe("*", (e) => {
      seen.push(`${e.type}:${e.seq}`)
    })
    events.emit({ type: "joined", group: "g", seq: 1 })
    events.emit({ type: "left", group: "g", seq: 2 })
    await events.idle()
    expect(seen).toEqual(["joined:1", "left:2"])
  })

  it("returns from emit before any handler runs, even a slow one", async () => {
    const events = testBroadcaster()
    const gate = deferred()
    const started: number[] = []
    events.subscribe("joined", async (e) => {
      started.push(e.seq)
      await gate.promise
    })
    for (let seq = 1; seq <= 3; seq++) events.emit({ type: "joined", group: "g", seq })
    expect(started).toEqual([])
    await settle()
    expect(started).toEqual([1])
    gate.resolve()
    await events.idle()
    expect(started).toEqual([1, 2, 3])
  })

  it("keeps each subscriber's order when its async handler takes varying time", async () => {
    const events = testBroadcaster()
    const done: number[] = []
    events.subscribe("*", async (e) => {
      await new Promise((resolve) => setTimeout(resolve, e.seq % 2 === 0 ? 1 : 15))
      done.push(e.seq)
    })
    for (let seq = 1; seq <= 6; seq++) events.emit({ type: "joined", group: "g", seq })
    await events.idle()
    expect(done).toEqual([1, 2, 3, 4, 5, 6])
  })

  it("lets a fast subscriber run ahead of a blocked one", async () => {
    const events = testBroadcaster()
    const gate = deferred()
    const fast: number[] = []
    events.subscribe("joined", () => gate.promise)
    events.subscribe("joined", (e) => {
      fast.push(e.seq)
    })
    events.emit({ type: "joined", group: "g", seq: 1 })
    events.emit({ type: "joined", group: "g", seq: 2 })
    await settle()
    expect(fast).toEqual([1, 2])
    gate.resolve()
    await events.idle()
  })

  it("isolates a throwing handler: others still receive, the thrower gets the next event", async () => {
    const errors: EventHandlerError[] = []
    const events = testBroadcaster({ onError: (error) => errors.push(error) })
    const thrower: number[] = []
    const healthy: number[] = []
    events.subscribe("joined", (e) => {
      thrower.push(e.seq)
      if (e.seq === 1) throw new Error("sync boom")
      if (e.seq === 2) return Promise.reject(new Error("async boom"))
    })
    events.subscribe("joined", (e) => {
      healthy.push(e.seq)
    })
    expect(() => {
      for (let seq = 1; seq <= 3; seq++) events.emit({ type: "joined", group: "g", seq })
    }).not.toThrow()
    await events.idle()
    expect(thrower).toEqual([1, 2, 3])
    expect(healthy).toEqual([1, 2, 3])
    expect(errors.map((e) => (e.cause as Error).message)).toEqual(["sync boom", "async boom"])
    expect(errors[0]).toBeInstanceOf(EventHandlerError)
    expect(errors[0]).toMatchObject({ code: "EVENT_HANDLER_FAILED", eventType: "joined" })
    expect(EventsError.isInstance(errors[0])).toBe(true)
    expect(events.stats().handlerErrors).toBe(2)
  })

  it("counts handler failures without onError and writes nothing to the console", async () => {
    const events = testBroadcaster()
    const consoleCalls: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => consoleCalls.push(args)
    try {
      events.subscribe("joined", () => {
        throw new Error("boom")
      })
      events.emit({ type: "joined", group: "g", seq: 1 })
      await events.idle()
    } finally {
      console.error = original
    }
    expect(events.stats().handlerErrors).toBe(1)
    expect(consoleCalls).toEqual([])
  })

  it("keeps delivering when onError itself throws", async () => {
    const events = testBroadcaster({
      onError: () => {
        throw new Error("bad logger")
      },
    })
    const seen: number[] = []
    events.subscribe("joined", (e) => {
      seen.push(e.seq)
      throw new Error("boom")
    })
    events.emit({ type: "joined", group: "g", seq: 1 })
    events.emit({ type: "joined", group: "g", seq: 2 })
    await events.idle()
    expect(seen).toEqual([1, 2])
    expect(events.stats().handlerErrors).toBe(2)
  })

  it("stops delivery on unsubscribe, including events already queued", async () => {
    const events = testBroadcaster()
    const gate = deferred()
    const seen: number[] = []
    const unsubscribe = events.subscribe("joined", async (e) => {
      seen.push(e.seq)
      await gate.promise
    })
    events.emit({ type: "joined", group: "g", seq: 1 })
    events.emit({ type: "joined", group: "g", seq: 2 })
    await settle()
    unsubscribe()
    unsubscribe()
    events.emit({ type: "joined", group: "g", seq: 3 })
    gate.resolve()
    await events.idle()
    expect(seen).toEqual([1])
    expect(events.stats().subscribers).toBe(0)
  })

  it("drops the oldest queued event when a handler's buffer is full and counts it", async () => {
    const events = testBroadcaster()
    const gate = deferred()
    const seen: number[] = []
    events.subscribe(
      "joined",
      async (e) => {
        seen.push(e.seq)
        await gate.promise
      },
      { bufferSize: 2 },
    )
    events.emit({ type: "joined", group: "g", seq: 1 })
    await settle() // 1 is now being handled, the buffer is empty
    for (let seq = 2; seq <= 5; seq++) events.emit({ type: "joined", group: "g", seq })
    gate.resolve()
    await events.idle()
    expect(seen).toEqual([1, 4, 5])
    expect(events.stats().dropped).toBe(2)
  })

  it("drops the incoming event under drop-newest and counts it", async () => {
    const events = testBroadcaster({ bufferSize: 2, overflow: "drop-newest" })
    const seen: number[] = []
    events.subscribe("joined", (e) => {
      seen.push(e.seq)
    })
    for (let seq = 1; seq <= 5; seq++) events.emit({ type: "joined", group: "g", seq })
    await events.idle()
    expect(seen).toEqual([1, 2])
    expect(events.stats().dropped).toBe(3)
  })

  it("rejects a buffer size that is not a positive integer with INVALID_INPUT", () => {
    const events = testBroadcaster()
    for (const bufferSize of [0, -1, 1.5, Number.NaN]) {
      expect(() => events.subscribe("joined", () => {}, { bufferSize })).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT", retryable: false }),
      )
    }
    expect(() => testBroadcaster({ bufferSize: 0 })).toThrow(EventsError)
  })

  it("ignores emit after close but lets handlers finish what was queued", async () => {
    const events = testBroadcaster()
    const seen: number[] = []
    events.subscribe("joined", async (e) => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      seen.push(e.seq)
    })
    events.emit({ type: "joined", group: "g", seq: 1 })
    events.close()
    events.emit({ type: "joined", group: "g", seq: 2 })
    await events.idle()
    expect(seen).toEqual([1])
    expect(events.closed).toBe(true)
    expect(events.stats()).toMatchObject({ emitted: 1, subscribers: 0 })
  })

  it("never throws from emit, even for a malformed event from untyped code", () => {
    const events = testBroadcaster()
    events.subscribe("*", () => {})
    const untyped = events.emit.bind(events) as (event: unknown) => void
    expect(() => untyped(null)).not.toThrow()
    expect(() => untyped({})).not.toThrow()
    expect(events.stats().emitted).toBe(0)
  })

  it("resolves idle() only after async handlers settle", async () => {
    const events = testBroadcaster()
    const gate = deferred()
    let finished = false
    events.subscribe("joined", async () => {
      await gate.promise
      finished = true
    })
    events.emit({ type: "joined", group: "g", seq: 1 })
    let idle = false
    const idlePromise = events.idle().then(() => {
      idle = true
    })
    await settle()
    expect(idle).toBe(false)
    gate.resolve()
    await idlePromise
    expect(finished).toBe(true)
  })
})
