import { describe, expect, it } from "vitest"
import { settle, testBroadcaster } from "./helpers.js"

describe("EventBroadcaster.iterate", () => {
  it("yields the selected events in emit order to a for-await loop", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined")
    events.emit({ type: "joined", group: "a", seq: 1 })
    events.emit({ type: "left", group: "a", seq: 2 })
    events.emit({ type: "joined", group: "b", seq: 3 })
    events.close()
    const seen: number[] = []
    for await (const e of stream) seen.push(e.seq)
    expect(seen).toEqual([1, 3])
  })

  it('yields every type from a "*" stream', async () => {
    const events = testBroadcaster()
    const stream = events.iterate("*")
    events.emit({ type: "joined", group: "a", seq: 1 })
    events.emit({ type: "left", group: "a", seq: 2 })
    events.close()
    const seen: string[] = []
    for await (const e of stream) seen.push(e.type)
    expect(seen).toEqual(["joined", "left"])
  })

  it("wakes a waiting consumer when an event arrives", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined")
    const next = stream.next()
    events.emit({ type: "joined", group: "a", seq: 7 })
    await expect(next).resolves.toEqual({
      done: false,
      value: { type: "joined", group: "a", seq: 7 },
    })
  })

  it("serves concurrent next() calls in order", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined")
    const first = stream.next()
    const second = stream.next()
    events.emit({ type: "joined", group: "a", seq: 1 })
    events.emit({ type: "joined", group: "a", seq: 2 })
    expect((await first).value?.seq).toBe(1)
    expect((await second).value?.seq).toBe(2)
  })

  it("drops the oldest buffered event when the buffer is full and counts it per stream and in total", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined", { bufferSize: 3 })
    const other = events.iterate("joined", { bufferSize: 10 })
    for (let seq = 1; seq <= 5; seq++) events.emit({ type: "joined", group: "a", seq })
    events.close()
    const seen: number[] = []
    for await (const e of stream) seen.push(e.seq)
    expect(seen).toEqual([3, 4, 5])
    expect(stream.dropped).toBe(2)
    expect(other.dropped).toBe(0)
    expect(other.buffered).toBe(5)
    expect(events.stats().dropped).toBe(2)
  })

  it("drops the newest event under drop-newest, keeping an unbroken prefix", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined", { bufferSize: 3, overflow: "drop-newest" })
    for (let seq = 1; seq <= 5; seq++) events.emit({ type: "joined", group: "a", seq })
    events.close()
    const seen: number[] = []
    for await (const e of stream) seen.push(e.seq)
    expect(seen).toEqual([1, 2, 3])
    expect(stream.dropped).toBe(2)
  })

  it("keeps the totals of streams that have ended", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined", { bufferSize: 1 })
    events.emit({ type: "joined", group: "a", seq: 1 })
    events.emit({ type: "joined", group: "a", seq: 2 })
    await stream.return()
    expect(events.stats()).toMatchObject({ dropped: 1, streams: 0 })
  })

  it("ends iteration when its AbortSignal fires, discarding buffered events", async () => {
    const events = testBroadcaster()
    const controller = new AbortController()
    const stream = events.iterate("joined", { signal: controller.signal })
    const seen: number[] = []
    const loop = (async () => {
      for await (const e of stream) {
        seen.push(e.seq)
        if (e.seq === 1) {
          events.emit({ type: "joined", group: "a", seq: 2 })
          controller.abort()
        }
      }
    })()
    events.emit({ type: "joined", group: "a", seq: 1 })
    await loop
    expect(seen).toEqual([1])
    expect(events.stats().streams).toBe(0)
  })

  it("ends a consumer that is waiting when the signal fires", async () => {
    const events = testBroadcaster()
    const controller = new AbortController()
    const stream = events.iterate("*", { signal: controller.signal })
    const next = stream.next()
    controller.abort()
    await expect(next).resolves.toEqual({ done: true, value: undefined })
  })

  it("returns an already-ended stream for an already-aborted signal", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("*", { signal: AbortSignal.abort() })
    events.emit({ type: "joined", group: "a", seq: 1 })
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined })
    expect(events.stats().streams).toBe(0)
  })

  it("detaches when the loop breaks, so later events are not buffered", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined")
    events.emit({ type: "joined", group: "a", seq: 1 })
    for await (const _ of stream) break
    expect(events.stats().streams).toBe(0)
    events.emit({ type: "joined", group: "a", seq: 2 })
    expect(stream.buffered).toBe(0)
    await expect(stream.next()).resolves.toMatchObject({ done: true })
  })

  it("removes its abort listener when it ends, so a long-lived signal does not leak", async () => {
    const events = testBroadcaster()
    const controller = new AbortController()
    let listeners = 0
    const signal = controller.signal
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++
      add(...args)
    }) as typeof signal.addEventListener
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--
      remove(...args)
    }) as typeof signal.removeEventListener
    for (let i = 0; i < 3; i++) await events.iterate("*", { signal }).return()
    expect(listeners).toBe(0)
  })

  it("ends at once when created on a closed broadcaster", async () => {
    const events = testBroadcaster()
    events.close()
    const stream = events.iterate("*")
    await settle()
    await expect(stream.next()).resolves.toMatchObject({ done: true })
  })

  it("buffers a long backlog and hands it all over in order", async () => {
    const events = testBroadcaster()
    const stream = events.iterate("joined", { bufferSize: 5000 })
    for (let seq = 0; seq < 5000; seq++) events.emit({ type: "joined", group: "a", seq })
    events.close()
    let expected = 0
    for await (const e of stream) {
      expect(e.seq).toBe(expected)
      expected++
    }
    expect(expected).toBe(5000)
  })
})
