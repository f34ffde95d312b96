/**
 * Many groups in the SQLite store with a bounded cache. Creates 100,000
 * groups for real through MlsClient (2,000 under BENCH_QUICK; the seal binds
 * each record to its id, so records cannot be copied), then sends messages
 * to random groups, and reports RSS, heap and `client.cachedGroups` along
 * the way. Runs on ts-mls's default provider, like all bulk setup (see
 * `lib/safe-provider.ts`).
 */
import { randomBytes } from "node:crypto"
import { stat } from "node:fs/promises"
import { generateStateKey, type LocalGroupId, MlsClient } from "@mlskit/core"
import type { Benchmark } from "../lib/benchmark.js"
import { fmtBytes, fmtMs, fmtRate } from "../lib/format.js"
import { goal } from "../lib/goals.js"
import { collectGarbage } from "../lib/measure.js"
import { pick } from "../lib/options.js"
import { KEYGEN_SAFE_PROVIDER } from "../lib/safe-provider.js"
import { summarize } from "../lib/stats.js"
import { openStore } from "../lib/stores.js"

const CACHE_SIZE = 1000
const IDENTITIES = 100

/** Size of a file, 0 when it does not exist. */
async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  )
}

/** Point out a WAL that outgrew the database (auto-checkpoints not running). */
function walNote(r: Record<string, number>): string[] {
  const wal = r.walBytes ?? 0
  const db = r.dbBytes ?? 0
  if (wal < 64 * 1024 * 1024 || wal < 4 * db) return []
  return [
    `After creation the WAL file is ${fmtBytes(wal)} and the database file ${fmtBytes(db)}: nothing was checkpointed. SqliteStore.createGroup commits through an autocommit INSERT ... RETURNING read with .get(), and SQLite runs the WAL hook (auto-checkpoint) only when a statement steps to SQLITE_DONE, so inserts never checkpoint; the WAL file keeps its size after later checkpoints.`,
  ]
}

/** Memory after a full GC. */
function memory(): { rssBytes: number; heapUsedBytes: number } {
  collectGarbage()
  const m = process.memoryUsage()
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed }
}

export const manyGroupsBenchmark: Benchmark = {
  name: "many-groups",
  description: `many groups in SQLite with a bounded cache (cacheSize ${CACHE_SIZE}), messages to random groups`,
  async run(options, log) {
    const groupCount = pick(options, 100_000, 2_000)
    const touches = pick(options, 20_000, 200)
    const opened = await openStore("sqlite", options.postgresUrl)
    if ("skipped" in opened) throw new Error(opened.skipped)
    const { store, file } = opened.opened
    const client = new MlsClient({
      store,
      stateKey: generateStateKey(),
      cryptoProvider: KEYGEN_SAFE_PROVIDER,
      cacheSize: CACHE_SIZE,
    })
    const rows: Record<string, unknown>[] = []
    const phase = async (
      name: string,
      groups: number,
      elapsedMs: number,
      extra: Record<string, unknown> = {},
    ) => {
      const dbBytes = file ? await fileSize(file) : undefined
      const walBytes = file ? await fileSize(`${file}-wal`) : undefined
      const row = {
        phase: name,
        groups,
        elapsedMs,
        cachedGroups: client.cachedGroups,
        ...memory(),
        dbBytes,
        walBytes,
        ...extra,
      }
      rows.push(row)
      return row
    }
    try {
      await phase("start", 0, Number.NaN)
      const identities: string[] = []
      for (let i = 0; i < IDENTITIES; i++)
        identities.push((await client.createIdentity(`user-${i}`)).id)
      const groups: LocalGroupId[] = []
      let peakRss = 0
      const createStart = performance.now()
      for (let i = 0; i < groupCount; i++) {
        groups.push(await client.createGroup(identities[i % IDENTITIES] as string, `group-${i}`))
        if ((i + 1) % Math.max(1, Math.floor(groupCount / 10)) === 0) {
          peakRss = Math.max(peakRss, process.memoryUsage().rss)
          log(
            `${i + 1} groups, ${((performance.now() - createStart) / 1000).toFixed(0)} s, cached ${client.cachedGroups}`,
          )
        }
      }
      const createMs = performance.now() - createStart
      await phase("created", groupCount, createMs, {
        groupsPerSec: groupCount / (createMs / 1000),
        peakRssBytes: peakRss,
      })

      const plaintext = new Uint8Array(randomBytes(1024))
      const samples: number[] = []
      const touched = new Set<number>()
      log(`${touches} messages to random groups`)
      const touchStart = performance.now()
      for (let i = 0; i < touches; i++) {
        const index = Math.floor(Math.random() * groups.length)
        touched.add(index)
        const t = performance.now()
        await client.sendMessage(groups[index] as LocalGroupId, plaintext)
        samples.push(performance.now() - t)
        if (i % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
      }
      const touchMs = performance.now() - touchStart
      const latency = summarize(samples)
      await phase("touched", groupCount, touchMs, {
        messages: touches,
        distinctGroups: touched.size,
        latency,
        peakRssBytes: peakRss,
      })
    } finally {
      await opened.opened.close()
    }
    const [start, created, touched] = rows as [
      Record<string, number>,
      Record<string, number>,
      Record<string, number> & { latency: { medianMs: number; p95Ms: number } },
    ]
    const rssRow = (r: Record<string, number>, what: string) => [
      String(r.phase),
      what,
      String(r.groups),
      fmtMs(r.elapsedMs),
      fmtBytes(r.rssBytes),
      fmtBytes(r.heapUsedBytes),
      String(r.cachedGroups),
      fmtBytes(r.dbBytes),
      fmtBytes(r.walBytes),
    ]
    return {
      tables: [
        {
          title: `${groupCount.toLocaleString("en-US")} groups in SQLite, cacheSize ${CACHE_SIZE} (memory after a full GC)`,
          columns: [
            "phase",
            "what",
            "groups",
            "time",
            "RSS",
            "heap used",
            "cachedGroups",
            "db file",
            "wal file",
          ],
          rows: [
            rssRow(start, "store opened"),
            rssRow(created, `createGroup x ${groupCount} (${fmtRate(created.groupsPerSec)}/s)`),
            rssRow(
              touched,
              `sendMessage x ${touched.messages} to ${touched.distinctGroups} random groups (median ${fmtMs(touched.latency.medianMs)}, p95 ${fmtMs(touched.latency.p95Ms)})`,
            ),
          ],
        },
      ],
      rows,
      goals: [
        goal(
          "bounded-cache",
          `cachedGroups after touching random groups (cacheSize ${CACHE_SIZE})`,
          touched.cachedGroups ?? 0,
          "<=",
          CACHE_SIZE,
          "",
        ),
      ],
      notes: [
        ...walNote(created),
        `Groups belong to ${IDENTITIES} identities; each was created through MlsClient.createGroup (key package, group state, seal, durable insert with synchronous=FULL) on ts-mls's default provider (bulk setup, see bench/src/lib/safe-provider.ts).`,
        `RSS grew ${fmtBytes((touched.rssBytes ?? 0) - (created.rssBytes ?? 0))} while touching random groups (peak ${fmtBytes(touched.peakRssBytes)}); ${fmtBytes((created.rssBytes ?? 0) - (start.rssBytes ?? 0))} during creation. The caller's own list of ${groupCount} group ids is part of the heap.`,
      ],
    }
  },
}
