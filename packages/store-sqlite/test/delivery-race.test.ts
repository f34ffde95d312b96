/**
 * SqliteDeliveryStore with two processes on one file: both claim key
 * packages of one identity and append to its inbox at the same time. No
 * package is handed out twice, every package is handed out, the rest get
 * the last-resort package, and the inbox cursors of both are 1..n without
 * a gap or a repeat. Both also move one roster on, each update at the
 * version it read: every update moves the version exactly once.
 */
import { type ChildProcess, fork } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { identityFixture, keyPackageFixture } from "@mlskit/core/testing"
import { build } from "tsup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import type { DeliveryRaceOrders, DeliveryRaceOutcome } from "./delivery-race-child.js"
import { freshDatabasePath } from "./temp-dir.js"

/** Key packages of the identity; each process claims CLAIMS times. */
const PACKAGES = 60
const CLAIMS = 50
/** Inbox appends per process. */
const APPENDS = 50
/** Roster updates per process. */
const ROSTER_UPDATES = 50

const packageDir = fileURLToPath(new URL("..", import.meta.url))
let childDir = ""

/** Bundle the child with this package's src; core, delivery and better-sqlite3 stay external. */
beforeAll(async () => {
  const cacheRoot = join(packageDir, "node_modules", ".cache")
  mkdirSync(cacheRoot, { recursive: true })
  childDir = mkdtempSync(join(cacheRoot, "mlskit-delivery-race-child-"))
  await build({
    entry: {
      "delivery-race-child": fileURLToPath(new URL("./delivery-race-child.ts", import.meta.url)),
    },
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

/** Start a child on `path`; resolves once it has opened its connection. */
async function startChild(path: string): Promise<ChildProcess> {
  const child = fork(join(childDir, "delivery-race-child.mjs"), [path], {
    execArgv: [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  })
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve())
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before it was ready`)))
  })
  return child
}

function outcomeOf(child: ChildProcess): Promise<DeliveryRaceOutcome> {
  return new Promise((resolve, reject) => {
    child.once("message", (outcome: DeliveryRaceOutcome) => resolve(outcome))
    child.once("exit", (code) => reject(new Error(`child exited (${code}) without an outcome`)))
  })
}

describe("SqliteDeliveryStore with two processes on one file", () => {
  it(`hands out each of ${PACKAGES} packages once to ${2 * CLAIMS} racing claims, numbers racing appends without gaps, moves a raced roster once per update`, async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    await store.createIdentity(identityFixture("alice"))
    const packages = Array.from({ length: PACKAGES }, (_, i) =>
      keyPackageFixture("alice", `kp${String(i).padStart(3, "0")}`, { createdAt: i }),
    )
    const lastResort = keyPackageFixture("alice", "last", { lastResort: true })
    await store.addKeyPackages([...packages, lastResort])
    const group = [5, 5, 5]
    await store.deliveryStore().createRoster(new Uint8Array(group), new Uint8Array([1]), 1)
    const children = [await startChild(path), await startChild(path)]
    const results = children.map(outcomeOf)
    const startAt = Date.now() + 200
    children.forEach((child, who) => {
      const orders: DeliveryRaceOrders = {
        identityId: "alice",
        claims: CLAIMS,
        appends: APPENDS,
        who,
        startAt,
        rosterUpdates: ROSTER_UPDATES,
        rosterGroup: group,
      }
      child.send(orders)
    })
    const [a, b] = (await Promise.all(results)) as [DeliveryRaceOutcome, DeliveryRaceOutcome]
    const claimed = [...a.claimed, ...b.claimed]
    const normal = claimed.flatMap((c) => (c !== null && !c.lastResort ? [c.ref] : []))
    expect(normal.sort()).toEqual(packages.map((p) => p.ref))
    const rest = claimed.filter((c) => c === null || c.lastResort)
    expect(rest).toEqual(Array(2 * CLAIMS - PACKAGES).fill({ ref: "last", lastResort: true }))
    const cursors = [...a.cursors, ...b.cursors].sort((x, y) => x - y)
    expect(cursors).toEqual(Array.from({ length: 2 * APPENDS }, (_, i) => i + 1))
    for (const own of [a.cursors, b.cursors]) {
      expect(own).toEqual([...own].sort((x, y) => x - y))
    }
    const delivery = store.deliveryStore()
    const versions = [...a.rosterVersions, ...b.rosterVersions].sort((x, y) => x - y)
    expect(versions).toEqual(Array.from({ length: 2 * ROSTER_UPDATES }, (_, i) => i + 2))
    const roster = await delivery.getRoster(new Uint8Array(group))
    expect(roster?.version).toBe(2 * ROSTER_UPDATES + 1)
    expect(roster?.state).toStrictEqual(new TextEncoder().encode(`v${2 * ROSTER_UPDATES + 1}`))
    console.info(`stale roster updates retried: ${a.rosterConflicts + b.rosterConflicts}`)
    const read = await delivery.readInbox("alice", { limit: 1000 })
    expect(read.map((e) => e.cursor)).toEqual(cursors)
    expect(await delivery.keyPackageStock("alice")).toEqual({ unclaimed: 0, lastResort: true })
    const normalOfA = a.claimed.filter((c) => c !== null && !c.lastResort).length
    console.info(`packages claimed by process: ${normalOfA} / ${PACKAGES - normalOfA}`)
    // both processes got some: they really raced rather than took turns
    expect(normalOfA).toBeGreaterThan(0)
    expect(normalOfA).toBeLessThan(PACKAGES)
    await store.close()
  })
})
