/**
 * PostgresGroupLog with several instances: two stores on separate pools
 * (separate connections, as two server processes have) share one schema.
 * Commits racing for the same epoch from both leave exactly one winner per
 * epoch and no gap in seq; an append by one wakes a wait on the other.
 */
import { CommitConflictError } from "@mlskit/delivery"
import { applicationMessage, commitMessage, testGroupId } from "@mlskit/delivery/testing"
import { afterEach, expect, it } from "vitest"
import { openPostgresStore, type PostgresStore } from "../src/index.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

const G = testGroupId(7)
/** How many epochs both instances race for. */
const EPOCHS = 60
/** Racing commits per instance per epoch. */
const PER_INSTANCE = 2

const schemas: string[] = []
const stores: PostgresStore[] = []

async function instance(schema: string): Promise<PostgresStore> {
  const store = await openPostgresStore({
    connection: { connectionString: PG_URL, max: PER_INSTANCE + 1 },
    schema,
  })
  stores.push(store)
  return store
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const schema of schemas.splice(0)) await dropSchema(schema)
})

describeWithPostgres("PostgresGroupLog across instances", () => {
  it(`keeps one winner per epoch and gapless seqs when two instances race for ${EPOCHS} epochs`, async () => {
    const schema = randomSchema()
    schemas.push(schema)
    const logs = [(await instance(schema)).groupLog(), (await instance(schema)).groupLog()]
    const winsBy = new Map<number, number>()
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const racers = logs.flatMap((log, who) =>
        Array.from({ length: PER_INSTANCE }, (_, i) => ({
          who,
          job: log.append(G, commitMessage(G, epoch, epoch * 100 + who * 10 + i)),
        })),
      )
      const chat = logs.map((log, who) =>
        log.append(G, applicationMessage(G, epoch, epoch * 2 + who)),
      )
      const outcomes = await Promise.allSettled(racers.map((r) => r.job))
      await Promise.all(chat)
      const won = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [{ i, r: o.value }] : []))
      expect(won).toHaveLength(1)
      const winner = won[0] as (typeof won)[number]
      const who = racers[winner.i]?.who as number
      winsBy.set(who, (winsBy.get(who) ?? 0) + 1)
      for (const o of outcomes) {
        if (o.status === "fulfilled") continue
        expect(o.reason).toBeInstanceOf(CommitConflictError)
        expect((o.reason as CommitConflictError).winnerSeq).toBe(winner.r.seq)
      }
    }
    const entries = []
    for (let after = 0; ; ) {
      const page = await logs[1]?.read(G, { after, limit: 1000 })
      if (page === undefined || page.length === 0) break
      entries.push(...page)
      after = page.at(-1)?.seq as number
    }
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    const commitEpochs = entries.filter((e) => e.kind === "commit").map((e) => e.epoch)
    expect(commitEpochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i))
    expect(entries.filter((e) => e.kind === "application")).toHaveLength(2 * EPOCHS)
    expect(await logs[0]?.head(G)).toEqual({ lastSeq: 3 * EPOCHS, oldestSeq: 1 })
    console.info(`epoch winners by instance: ${winsBy.get(0) ?? 0} / ${winsBy.get(1) ?? 0}`)
  })

  it("wakes a wait on one instance when another instance appends", async () => {
    const schema = randomSchema()
    schemas.push(schema)
    const waiter = (await instance(schema)).groupLog({ pollIntervalMs: 50 })
    const writer = (await instance(schema)).groupLog()
    await writer.append(G, applicationMessage(G, 0, 1))
    const started = Date.now()
    const wait = waiter.waitForAppend(G, 1, { timeoutMs: 10_000 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await writer.append(G, applicationMessage(G, 0, 2))
    expect(await wait).toBe(true)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await waiter.waitForAppend(G, 2, { timeoutMs: 100 })).toBe(false)
    await waiter.close()
  })
})
