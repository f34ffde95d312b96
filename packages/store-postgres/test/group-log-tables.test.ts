/**
 * What PostgresGroupLog leaves in its tables: refused input changes no row
 * of any of them, and retention by age (with a real clock given as `now`)
 * deletes trimmed entries while the fence keeps the trimmed winner.
 */
import { expectMlskitError } from "@mlskit/core/testing"
import {
  applicationMessage,
  commitMessage,
  proposalMessage,
  testGroupId,
  welcomeMessage,
} from "@mlskit/delivery/testing"
import { afterEach, expect, it } from "vitest"
import { openPostgresStore, type PostgresStore } from "../src/index.js"
import { tableNames } from "../src/sql-names.js"
import { admin, describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

const G = testGroupId(1)
const H = testGroupId(2)
const stores: PostgresStore[] = []

async function open(): Promise<PostgresStore> {
  const store = await openPostgresStore({ connection: PG_URL, schema: randomSchema() })
  stores.push(store)
  return store
}

afterEach(async () => {
  for (const store of stores.splice(0)) {
    await store.close()
    await dropSchema(store.schema)
  }
})

/** Every row of the three log tables, in key order. */
async function rows(schema: string) {
  const t = tableNames(schema)
  const all = async (sql: string) => (await admin().query(sql)).rows
  return {
    heads: await all(`SELECT * FROM ${t.logHeads} ORDER BY group_key`),
    entries: await all(`SELECT * FROM ${t.logEntries} ORDER BY group_key, seq`),
    fence: await all(`SELECT * FROM ${t.logFence} ORDER BY group_key, epoch`),
  }
}

describeWithPostgres("PostgresGroupLog tables", () => {
  it("changes no row for refused input: bad bytes, another group, losing commits, bad voids", async () => {
    const store = await open()
    const log = store.groupLog({ maxMessageBytes: 200 })
    await log.append(G, commitMessage(G, 0, 1))
    const proposal = await log.append(G, proposalMessage(G, 1, 1))
    await log.append(H, applicationMessage(H, 0, 1))
    const before = await rows(store.schema)
    const commit = commitMessage(G, 1, 2)
    await expectMlskitError(log.append(G, commit.slice(0, 20)), "INVALID_MESSAGE")
    await expectMlskitError(log.append(G, commitMessage(H, 1, 2)), "INVALID_MESSAGE")
    await expectMlskitError(log.append(G, welcomeMessage(1)), "INVALID_MESSAGE")
    await expectMlskitError(log.append(G, new Uint8Array(300)), "INVALID_INPUT")
    await expectMlskitError(log.append(G, commit, { dedupeId: "with space" }), "INVALID_INPUT")
    await expectMlskitError(log.append(G, commitMessage(G, 0, 3)), "CONFLICT")
    await expectMlskitError(log.voidCommit(G, proposal.seq), "INVALID_INPUT")
    await expectMlskitError(log.voidCommit(G, 99), "NOT_FOUND")
    await expectMlskitError(log.voidCommit(testGroupId(3), 1), "NOT_FOUND")
    await expectMlskitError(log.read(G, { after: -1 }), "INVALID_INPUT")
    expect(await rows(store.schema)).toEqual(before)
  })

  it("trims by age on the clock given as now, deleting entries but keeping the fence", async () => {
    const store = await open()
    const log = store.groupLog({ retention: { maxAgeMs: 300 }, now: () => Date.now() })
    const commit = commitMessage(G, 0, 1)
    const winner = await log.append(G, commit)
    await log.append(G, applicationMessage(G, 1, 1))
    const appendedAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await log.head(G)).toEqual({ lastSeq: 2, oldestSeq: 3 })
    await log.append(G, applicationMessage(G, 1, 2))
    const { heads, entries, fence } = await rows(store.schema)
    expect(heads.map((h) => [h.last_seq, h.trimmed_through])).toEqual([["3", "2"]])
    expect(entries.map((e) => e.seq)).toEqual(["3"])
    expect(Number(entries[0]?.time)).toBeGreaterThanOrEqual(appendedAt + 390)
    expect(fence.map((f) => [f.epoch, f.seq, f.dedupe_id])).toEqual([["0", "1", winner.dedupeId]])
    expect(await log.append(G, commit)).toEqual({ ...winner, duplicate: true })
    const conflict = await expectMlskitError(log.append(G, commitMessage(G, 0, 2)), "CONFLICT")
    expect(conflict).toMatchObject({ winnerSeq: winner.seq, epoch: 0 })
  })
})
