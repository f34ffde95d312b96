/**
 * The appliers: a durable consumer shared by two instances (two logs on
 * separate connections, as two server processes have). Every appended
 * entry is applied by one of them, once; an entry the holder does not
 * acknowledge in time goes to the other; the appender's context headers
 * (trace context) travel with the entry.
 */
import { applicationMessage, commitMessage, testGroupId } from "@mlskit/delivery/testing"
import { afterEach, expect, it } from "vitest"
import {
  type AppendAppliers,
  type AppendedEntry,
  type JetStreamGroupLog,
  openJetStreamGroupLog,
} from "../src/index.js"
import { deleteStream, describeWithNats, NATS_URL, randomStream } from "./nats-service.js"

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

const logs: JetStreamGroupLog[] = []
const appliers: AppendAppliers[] = []
const streams: string[] = []

async function twoInstances(): Promise<[JetStreamGroupLog, JetStreamGroupLog]> {
  const names = randomStream()
  streams.push(names.stream)
  const open = () =>
    openJetStreamGroupLog({
      servers: NATS_URL,
      ...names,
      contextHeaders: () => ({ traceparent: TRACEPARENT }),
    })
  const pair = await Promise.all([open(), open()])
  logs.push(...pair)
  return pair
}

const key = (e: AppendedEntry) => `${Buffer.from(e.groupId).toString("hex")}:${e.seq}`

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out")
    await new Promise((r) => setTimeout(r, 20))
  }
}

afterEach(async () => {
  for (const a of appliers.splice(0)) await a.stop()
  for (const log of logs.splice(0)) await log.close()
  for (const stream of streams.splice(0)) await deleteStream(stream)
})

describeWithNats("JetStream appliers shared by instances", () => {
  it("hands every appended entry to one instance once, with the appender's headers", async () => {
    const [a, b] = await twoInstances()
    const seen = { a: [] as AppendedEntry[], b: [] as AppendedEntry[] }
    appliers.push(
      await a.appliers({ ackWaitMs: 5000, apply: async (e) => void seen.a.push(e) }),
      await b.appliers({ ackWaitMs: 5000, apply: async (e) => void seen.b.push(e) }),
    )
    const groups = [testGroupId(1), testGroupId(2), testGroupId(3)]
    let appended = 0
    for (let i = 0; i < 30; i++) {
      const group = groups[i % 3] as Uint8Array
      await (i % 2 ? a : b).append(group, applicationMessage(group, 0, i))
      appended++
    }
    await (a as JetStreamGroupLog).append(
      groups[0] as Uint8Array,
      commitMessage(groups[0] as Uint8Array, 0, 1),
    )
    appended++
    await until(() => seen.a.length + seen.b.length >= appended)
    await new Promise((r) => setTimeout(r, 300))
    const all = [...seen.a, ...seen.b]
    expect(all).toHaveLength(appended)
    expect(new Set(all.map(key)).size).toBe(appended)
    expect(all.every((e) => e.deliveryCount === 1)).toBe(true)
    expect(all.every((e) => e.headers.traceparent === TRACEPARENT)).toBe(true)
    expect(all.filter((e) => e.kind === "commit").map((e) => e.epoch)).toEqual([0])
    const state = await appliers[0]?.state()
    expect(state).toMatchObject({ pending: 0, ackPending: 0 })
  })

  it("gives an entry the holder never acknowledges to the other instance after the ack wait", async () => {
    const [a, b] = await twoInstances()
    const taken: AppendedEntry[] = []
    // Instance A takes entries and never finishes them (as if it hung or died).
    appliers.push(
      await a.appliers({ ackWaitMs: 1000, concurrency: 1, apply: () => new Promise(() => {}) }),
    )
    const group = testGroupId(4)
    await a.append(group, applicationMessage(group, 0, 1))
    await new Promise((r) => setTimeout(r, 300))
    appliers.push(await b.appliers({ ackWaitMs: 1000, apply: async (e) => void taken.push(e) }))
    await until(() => taken.length >= 1)
    expect(taken[0]?.seq).toBe(1)
    expect(taken[0]?.deliveryCount).toBeGreaterThan(1)
    expect((await appliers[1]?.state())?.redelivered).toBeGreaterThanOrEqual(0)
  })
})
