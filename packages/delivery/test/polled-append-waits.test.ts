/**
 * PolledAppendWaits: waits see appends made elsewhere (storage read first,
 * then one read per interval of every group with waiters), appends of this
 * process at once, and stop reading once nobody waits.
 */
import { StorageError } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { AppendNotifier, PolledAppendWaits } from "../src/index.js"

/** Shared storage stand-in: last seqs by group key, and a log of the reads. */
function storage() {
  const seqs = new Map<string, number>()
  const reads: string[][] = []
  let failing = false
  return {
    seqs,
    reads,
    fail(on: boolean) {
      failing = on
    },
    lastSeqs: async (keys: string[]) => {
      reads.push(keys)
      if (failing) throw new StorageError("storage unavailable")
      return new Map(keys.flatMap((k) => (seqs.has(k) ? [[k, seqs.get(k) as number]] : [])))
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("PolledAppendWaits", () => {
  it("reads storage before waiting, so an append made elsewhere earlier answers at once", async () => {
    const store = storage()
    store.seqs.set("g", 5)
    const waits = new PolledAppendWaits({
      notifier: new AppendNotifier(),
      ...store,
      intervalMs: 10_000,
    })
    expect(await waits.wait("g", 4, { timeoutMs: 0 })).toBe(true)
    expect(await waits.wait("g", 5, { timeoutMs: 0 })).toBe(false)
    expect(store.reads).toEqual([["g"], ["g"]])
  })

  it("wakes within an interval when another process appends, reading all waiting groups at once", async () => {
    const store = storage()
    const waits = new PolledAppendWaits({
      notifier: new AppendNotifier(),
      ...store,
      intervalMs: 20,
    })
    const g = waits.wait("g", 0, { timeoutMs: 5000 })
    const h = waits.wait("h", 0, { timeoutMs: 5000 })
    await sleep(50)
    expect(store.reads.some((keys) => keys.length === 2)).toBe(true)
    store.seqs.set("g", 1)
    store.seqs.set("h", 1)
    expect(await Promise.all([g, h])).toEqual([true, true])
  })

  it("wakes at once for an append of this process, through the notifier", async () => {
    const notifier = new AppendNotifier()
    const waits = new PolledAppendWaits({ notifier, ...storage(), intervalMs: 60_000 })
    const wait = waits.wait("g", 0, { timeoutMs: 5000 })
    await sleep(5)
    notifier.notify("g", 1)
    expect(await wait).toBe(true)
  })

  it("stops reading storage once no wait is pending", async () => {
    const store = storage()
    const waits = new PolledAppendWaits({
      notifier: new AppendNotifier(),
      ...store,
      intervalMs: 10,
    })
    expect(await waits.wait("g", 0, { timeoutMs: 50 })).toBe(false)
    const after = store.reads.length
    await sleep(60)
    expect(store.reads.length).toBe(after)
  })

  it("rejects when the first read fails and keeps waiting when a background read fails", async () => {
    const store = storage()
    const errors: unknown[] = []
    const waits = new PolledAppendWaits({
      notifier: new AppendNotifier(),
      ...store,
      intervalMs: 10,
      onError: (error) => errors.push(error),
    })
    store.fail(true)
    await expect(waits.wait("g", 0, { timeoutMs: 100 })).rejects.toBeInstanceOf(StorageError)
    store.fail(false)
    const wait = waits.wait("g", 0, { timeoutMs: 5000 })
    await sleep(5)
    store.fail(true)
    await sleep(40)
    store.fail(false)
    store.seqs.set("g", 1)
    expect(await wait).toBe(true)
    expect(errors.length).toBeGreaterThan(0)
  })
})
