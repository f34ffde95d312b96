/**
 * JetStreamGroupLog with several instances: two logs on separate
 * connections (as two server processes have) share one stream. Commits
 * racing for the same epoch from both leave exactly one winner per round
 * and no gap in seq; a retried publish whose first answer was lost gets
 * the original seq; an append by one wakes a wait on the other.
 */
import { CommitConflictError } from "@mlskit/delivery"
import { applicationMessage, commitMessage, testGroupId } from "@mlskit/delivery/testing"
import { afterEach, expect, it } from "vitest"
import { type JetStreamGroupLog, openJetStreamGroupLog } from "../src/index.js"
import { deleteStream, describeWithNats, NATS_URL, randomStream } from "./nats-service.js"

const G = testGroupId(7)
const H = testGroupId(8)
/** How many epochs both instances race for. */
const ROUNDS = 20
/** Racing commits per instance per round. */
const PER_INSTANCE = 3

const logs: JetStreamGroupLog[] = []
const streams: string[] = []

/** Two instances on one fresh stream, each with its own connection. */
async function twoInstances(): Promise<[JetStreamGroupLog, JetStreamGroupLog]> {
  const names = randomStream()
  streams.push(names.stream)
  const open = () => openJetStreamGroupLog({ servers: NATS_URL, ...names })
  const pair = await Promise.all([open(), open()])
  logs.push(...pair)
  return pair
}

afterEach(async () => {
  for (const log of logs.splice(0)) await log.close()
  for (const stream of streams.splice(0)) await deleteStream(stream)
})

describeWithNats("JetStreamGroupLog across instances", () => {
  it(`keeps one winner per epoch and gapless seqs when two instances race for ${ROUNDS} epochs`, async () => {
    const instances = await twoInstances()
    const winsBy = new Map<number, number>()
    for (let epoch = 0; epoch < ROUNDS; epoch++) {
      const racers = instances.flatMap((log, who) =>
        Array.from({ length: PER_INSTANCE }, (_, i) => ({
          who,
          job: log.append(G, commitMessage(G, epoch, epoch * 100 + who * 10 + i)),
        })),
      )
      const chat = instances.map((log, who) =>
        log.append(G, applicationMessage(G, epoch, epoch * 2 + who)),
      )
      const other = instances[epoch % 2]?.append(H, commitMessage(H, epoch, epoch))
      const outcomes = await Promise.allSettled(racers.map((r) => r.job))
      await Promise.all([...chat, other])
      const won = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [{ i, r: o.value }] : []))
      expect(won).toHaveLength(1)
      const winner = won[0] as (typeof won)[number]
      expect(winner.r.duplicate).toBe(false)
      const who = racers[winner.i]?.who as number
      winsBy.set(who, (winsBy.get(who) ?? 0) + 1)
      for (const o of outcomes) {
        if (o.status === "fulfilled") continue
        expect(o.reason).toBeInstanceOf(CommitConflictError)
        expect((o.reason as CommitConflictError).winnerSeq).toBe(winner.r.seq)
      }
    }
    const entries = await instances[1].read(G, { limit: 1000 })
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    const commitEpochs = entries.filter((e) => e.kind === "commit").map((e) => e.epoch)
    expect(commitEpochs).toEqual(Array.from({ length: ROUNDS }, (_, i) => i))
    expect(entries.filter((e) => e.kind === "application")).toHaveLength(2 * ROUNDS)
    expect(await instances[0].head(G)).toEqual({ lastSeq: 3 * ROUNDS, oldestSeq: 1 })
    const others = await instances[0].read(H, { limit: 1000 })
    expect(others.map((e) => [e.seq, e.epoch])).toEqual(
      Array.from({ length: ROUNDS }, (_, i) => [i + 1, i]),
    )
    console.info(`epoch winners by instance: ${winsBy.get(0) ?? 0} / ${winsBy.get(1) ?? 0}`)
  })

  it("answers a retried publish whose first answer was lost with the original seq, on either instance", async () => {
    const [a, b] = await twoInstances()
    const commit = commitMessage(G, 0, 1)
    const first = await a.append(G, commit, { dedupeId: "intent-1" })
    await b.append(G, applicationMessage(G, 1, 1))
    // The caller never saw `first` and retries, once on each instance, racing a new message.
    const [again, elsewhere] = await Promise.all([
      a.append(G, commit, { dedupeId: "intent-1" }),
      b.append(G, commit, { dedupeId: "intent-1" }),
      a.append(G, applicationMessage(G, 1, 2)),
    ])
    expect(again).toEqual({ ...first, duplicate: true })
    expect(elsewhere).toEqual({ ...first, duplicate: true })
    expect(await b.head(G)).toEqual({ lastSeq: 3, oldestSeq: 1 })
    expect((await b.read(G)).filter((e) => e.dedupeId === "intent-1")).toHaveLength(1)
  })

  it("wakes a wait on one instance when another instance appends", async () => {
    const [waiter, writer] = await twoInstances()
    await writer.append(G, applicationMessage(G, 0, 1))
    const started = Date.now()
    const wait = waiter.waitForAppend(G, 1, { timeoutMs: 10_000 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await writer.append(G, applicationMessage(G, 0, 2))
    expect(await wait).toBe(true)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await waiter.waitForAppend(G, 2, { timeoutMs: 100 })).toBe(false)
  })
})
