/**
 * What SqliteGroupLog leaves in the store file: refused input changes no row
 * of its tables, and retention by age (with a real clock given as `now`)
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
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

const G = testGroupId(1)
const H = testGroupId(2)

/** Every row of the three log tables, in key order, read on a connection of its own. */
function rows(path: string) {
  const raw = new Database(path, { readonly: true })
  const all = (sql: string) => raw.prepare<[], Record<string, unknown>>(sql).all()
  const out = {
    heads: all("SELECT * FROM log_heads ORDER BY group_key"),
    entries: all("SELECT * FROM log_entries ORDER BY group_key, seq"),
    fence: all("SELECT * FROM log_fence ORDER BY group_key, epoch"),
  }
  raw.close()
  return out
}

describe("SqliteGroupLog tables", () => {
  it("changes no row for refused input: bad bytes, another group, losing commits, bad voids", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    const log = store.groupLog({ maxMessageBytes: 200 })
    await log.append(G, commitMessage(G, 0, 1))
    const proposal = await log.append(G, proposalMessage(G, 1, 1))
    await log.append(H, applicationMessage(H, 0, 1))
    const before = rows(path)
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
    expect(rows(path)).toEqual(before)
    await store.close()
  })

  it("trims by age on the clock given as now, deleting entries but keeping the fence", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    const log = store.groupLog({ retention: { maxAgeMs: 300 }, now: () => Date.now() })
    const commit = commitMessage(G, 0, 1)
    const winner = await log.append(G, commit)
    await log.append(G, applicationMessage(G, 1, 1))
    const appendedAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await log.head(G)).toEqual({ lastSeq: 2, oldestSeq: 3 })
    await log.append(G, applicationMessage(G, 1, 2))
    const { heads, entries, fence } = rows(path)
    expect(heads.map((h) => [h.last_seq, h.trimmed_through])).toEqual([[3, 2]])
    expect(entries.map((e) => e.seq)).toEqual([3])
    expect(entries[0]?.time).toBeGreaterThanOrEqual(appendedAt + 390)
    expect(fence.map((f) => [f.epoch, f.seq, f.dedupe_id])).toEqual([[0, 1, winner.dedupeId]])
    expect(await log.append(G, commit)).toEqual({ ...winner, duplicate: true })
    const conflict = await expectMlskitError(log.append(G, commitMessage(G, 0, 2)), "CONFLICT")
    expect(conflict).toMatchObject({ winnerSeq: winner.seq, epoch: 0 })
    await store.close()
  })
})
