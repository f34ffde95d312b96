/**
 * SqliteGroupLog with several connections on one file. Two processes, each
 * with its own connection, race commits for the same epochs: exactly one
 * wins each epoch and seqs have no gaps. Within one process, two
 * connections see each other's fence, seqs and dedupe ids, and an append on
 * one wakes a wait on the other.
 */
import { type ChildProcess, fork } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { expectMlskitError } from "@mlskit/core/testing"
import { applicationMessage, commitMessage, testGroupId } from "@mlskit/delivery/testing"
import { build } from "tsup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openSqliteGroupLog, openSqliteStore } from "../src/index.js"
import type { RaceOrders, RaceOutcome } from "./log-race-child.js"
import { freshDatabasePath } from "./temp-dir.js"

const G = testGroupId(9)
/** How many epochs the two processes race for. */
const EPOCHS = 150

const packageDir = fileURLToPath(new URL("..", import.meta.url))
let childDir = ""

/** Bundle the child with this package's src; core, delivery and better-sqlite3 stay external. */
beforeAll(async () => {
  const cacheRoot = join(packageDir, "node_modules", ".cache")
  mkdirSync(cacheRoot, { recursive: true })
  childDir = mkdtempSync(join(cacheRoot, "mlskit-log-race-child-"))
  await build({
    entry: { "log-race-child": fileURLToPath(new URL("./log-race-child.ts", import.meta.url)) },
    outDir: childDir,
    outExtension: () => ({ js: ".mjs" }),
    format: ["esm"],
    platform: "node",
    target: "node20",
    external: ["@mlskit/core", "@mlskit/delivery", "better-sqlite3"],
    config: false,
    dts: false,
    silent: true,
  })
}, 60_000)

afterAll(() => rmSync(childDir, { recursive: true, force: true }))

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url")

/** Start a child on `path`; resolves once it has opened its connection. */
async function startChild(path: string): Promise<ChildProcess> {
  const child = fork(join(childDir, "log-race-child.mjs"), [path], {
    execArgv: [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  })
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve())
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before it was ready`)))
  })
  return child
}

function outcomesOf(child: ChildProcess): Promise<RaceOutcome[]> {
  return new Promise((resolve, reject) => {
    child.once("message", (outcomes: RaceOutcome[]) => resolve(outcomes))
    child.once("exit", (code) => reject(new Error(`child exited (${code}) without outcomes`)))
  })
}

describe("SqliteGroupLog with several connections on one file", () => {
  it(`keeps one winner per epoch and gapless seqs when two processes race for ${EPOCHS} epochs`, async () => {
    const path = freshDatabasePath()
    await (await openSqliteStore({ path })).close()
    const children = [await startChild(path), await startChild(path)]
    const results = children.map(outcomesOf)
    children.forEach((child, who) => {
      const rounds = Array.from({ length: EPOCHS }, (_, epoch) => ({
        commit: b64(commitMessage(G, epoch, 1000 * who + epoch)),
        message: b64(applicationMessage(G, epoch, 1000 * who + epoch)),
      }))
      const orders: RaceOrders = { groupId: b64(G), rounds }
      child.send(orders)
    })
    const [a, b] = (await Promise.all(results)) as [RaceOutcome[], RaceOutcome[]]
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const pair = [a[epoch], b[epoch]] as [RaceOutcome, RaceOutcome]
      const winners = pair.filter((o) => o.won)
      expect(winners).toHaveLength(1)
      const winner = winners[0] as { won: true; seq: number }
      const loser = pair.find((o) => !o.won) as { won: false; winnerSeq: number }
      expect(loser.winnerSeq).toBe(winner.seq)
    }
    const log = await openSqliteGroupLog({ path })
    const entries = []
    for (let after = 0; ; ) {
      const page = await log.read(G, { after, limit: 1000 })
      if (page.length === 0) break
      entries.push(...page)
      after = page.at(-1)?.seq as number
    }
    await log.close()
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    const commitEpochs = entries.filter((e) => e.kind === "commit").map((e) => e.epoch)
    expect(commitEpochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i))
    expect(entries).toHaveLength(3 * EPOCHS)
    const winsOfA = a.filter((o) => o.won).length
    console.info(`epoch winners by process: ${winsOfA} / ${EPOCHS - winsOfA}`)
    // each process won some epochs: they really raced rather than took turns
    expect(winsOfA).toBeGreaterThan(0)
    expect(winsOfA).toBeLessThan(EPOCHS)
  })

  it("shares the fence, seqs and dedupe ids between two connections", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    const one = store.groupLog()
    const two = await openSqliteGroupLog({ path })
    const winner = await one.append(G, commitMessage(G, 0, 1))
    const error = await expectMlskitError(two.append(G, commitMessage(G, 0, 2)), "CONFLICT")
    expect(error).toMatchObject({ winnerSeq: winner.seq })
    expect((await two.append(G, applicationMessage(G, 1, 1))).seq).toBe(2)
    expect(await one.append(G, applicationMessage(G, 1, 1))).toMatchObject({
      seq: 2,
      duplicate: true,
    })
    expect(await one.head(G)).toEqual({ lastSeq: 2, oldestSeq: 1 })
    await two.close()
    await store.close()
  })

  it("wakes a wait on one connection when another connection appends", async () => {
    const path = freshDatabasePath()
    const waiter = await openSqliteGroupLog({ path, pollIntervalMs: 50 })
    const writer = await openSqliteGroupLog({ path })
    const wait = waiter.waitForAppend(G, 0, { timeoutMs: 10_000 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    const started = Date.now()
    await writer.append(G, applicationMessage(G, 0, 1))
    expect(await wait).toBe(true)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await waiter.waitForAppend(G, 1, { timeoutMs: 100 })).toBe(false)
    await writer.close()
    await waiter.close()
  })
})
