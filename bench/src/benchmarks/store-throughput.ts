/**
 * Issue B: end-to-end sendMessage throughput (1 KiB, crypto-node) with each
 * store: one group sending back to back, and 8 groups sending concurrently,
 * in two write modes. "Write per message" commits every new state before the
 * ciphertext is returned (SQLite: WAL with synchronous=FULL, an fsync per
 * message). "Reserved" (core's `reservedGenerations`) commits, before the
 * ciphertext is returned, a state whose sending ratchet is that many
 * generations ahead, so one durable write covers that many messages and a
 * crash can only resume past every acknowledged generation.
 */
import { randomBytes } from "node:crypto"
import { generateStateKey, MlsClient, type MlsStore } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import type { Benchmark } from "../lib/benchmark.js"
import { fmtMs, fmtRate, fmtRatio } from "../lib/format.js"
import { type Goal, goal } from "../lib/goals.js"
import { GroupFixture } from "../lib/group-fixture.js"
import { collectGarbage } from "../lib/measure.js"
import { pick } from "../lib/options.js"
import { type Stats, summarize } from "../lib/stats.js"
import { openStore, STORE_KINDS, type StoreKind } from "../lib/stores.js"

const CONCURRENT_GROUPS = 8
/** The reservation the reference server's SQLite configuration ships with. */
const RESERVED = 16
const MODES = [1, RESERVED] as const

/** Throughput of one store in one write mode. */
interface StoreThroughput {
  store: StoreKind
  reservedGenerations: number
  sequential: { messages: number; seconds: number; messagesPerSec: number; latency: Stats }
  concurrent: { groups: number; messages: number; seconds: number; messagesPerSec: number }
  /** Durable state writes of the sending group during the sequential run. */
  writes: number
  /** One write per `reservedGenerations` sends, rounded up. */
  expectedWrites: number
}

async function measureThroughput(
  kind: StoreKind,
  store: MlsStore,
  reservedGenerations: number,
  messages: number,
  warmup: number,
): Promise<StoreThroughput> {
  const client = new MlsClient({
    store,
    stateKey: generateStateKey(),
    cryptoProvider: nodeCryptoProvider,
    reservedGenerations,
  })
  const plaintext = new Uint8Array(randomBytes(1024))
  const tag = `${kind}-r${reservedGenerations}`
  const fx = await GroupFixture.create(client, tag)
  const versionBefore = (await store.getGroup(fx.owner))?.version ?? 0
  for (let i = 0; i < warmup; i++) await client.sendMessage(fx.owner, plaintext)
  const samples: number[] = []
  const start = performance.now()
  for (let i = 0; i < messages; i++) {
    const t = performance.now()
    await client.sendMessage(fx.owner, plaintext)
    samples.push(performance.now() - t)
  }
  const seconds = (performance.now() - start) / 1000
  const writes = ((await store.getGroup(fx.owner))?.version ?? 0) - versionBefore

  const groups = [fx]
  for (let i = 1; i < CONCURRENT_GROUPS; i++)
    groups.push(await GroupFixture.create(client, `${tag}-${i}`))
  const perGroup = Math.ceil(messages / CONCURRENT_GROUPS)
  const cStart = performance.now()
  await Promise.all(
    groups.map(async (g) => {
      for (let i = 0; i < perGroup; i++) await client.sendMessage(g.owner, plaintext)
    }),
  )
  const cSeconds = (performance.now() - cStart) / 1000
  return {
    store: kind,
    reservedGenerations,
    sequential: {
      messages,
      seconds,
      messagesPerSec: messages / seconds,
      latency: summarize(samples),
    },
    concurrent: {
      groups: CONCURRENT_GROUPS,
      messages: perGroup * CONCURRENT_GROUPS,
      seconds: cSeconds,
      messagesPerSec: (perGroup * CONCURRENT_GROUPS) / cSeconds,
    },
    writes,
    expectedWrites: Math.ceil((warmup + messages) / reservedGenerations),
  }
}

const modeName = (reserved: number) =>
  reserved === 1 ? "write per message" : `reserved ${reserved}`

export const storeThroughputBenchmark: Benchmark = {
  name: "store-throughput",
  description: "end-to-end sendMessage messages/s per store (crypto-node, 1 KiB, durable writes)",
  async run(options, log) {
    const messages = pick(options, 3000, 32)
    const warmup = pick(options, 100, 2)
    const results: StoreThroughput[] = []
    const notes: string[] = []
    for (const kind of STORE_KINDS) {
      for (const reserved of MODES) {
        const opened = await openStore(kind, options.postgresUrl)
        if ("skipped" in opened) {
          notes.push(`${kind} column left out: ${opened.skipped}`)
          break
        }
        if (reserved === 1) notes.push(`${kind}: ${opened.opened.settings}`)
        log(
          `${kind}, ${modeName(reserved)}: ${messages} messages sequential, then ${CONCURRENT_GROUPS} groups`,
        )
        collectGarbage()
        try {
          results.push(
            await measureThroughput(kind, opened.opened.store, reserved, messages, warmup),
          )
        } finally {
          await opened.opened.close()
        }
      }
    }
    const find = (kind: StoreKind, reserved: number) =>
      results.find((r) => r.store === kind && r.reservedGenerations === reserved)
    for (const r of results) {
      if (r.writes !== r.expectedWrites)
        notes.push(
          `${r.store}, ${modeName(r.reservedGenerations)}: ${r.writes} writes, expected ${r.expectedWrites}`,
        )
    }
    notes.push(
      results.every((r) => r.writes === r.expectedWrites)
        ? `Each sending group's stored version afterwards shows one committed write per message (write per message) and one per ${RESERVED} messages (reserved ${RESERVED}), each before its first ciphertext was returned.`
        : "Some store's write count differs from the expected one (see above).",
    )
    notes.push(
      `Concurrent: ${CONCURRENT_GROUPS} groups of one MlsClient sending at once (different groups run in parallel in core; better-sqlite3 is synchronous, so SQLite cannot overlap writes).`,
    )
    const goals: Goal[] = []
    for (const reserved of MODES) {
      const memory = find("memory", reserved)
      const sqlite = find("sqlite", reserved)
      if (!memory || !sqlite) continue
      const ratio = sqlite.sequential.messagesPerSec / memory.sequential.messagesPerSec
      if (reserved === RESERVED) {
        goals.push(
          goal(
            "sqlite-send-rate",
            `SQLite-backed sendMessage rate vs in-memory (1 group, synchronous=FULL, reserved ${RESERVED} on both)`,
            ratio,
            ">=",
            0.5,
          ),
        )
      } else {
        notes.push(
          `Write per message: SQLite sends at ${fmtRatio(ratio)} the in-memory rate; each send waits for its own fsync.`,
        )
      }
    }
    return {
      tables: [
        {
          title: "sendMessage throughput per store (crypto-node, 1 KiB, 2 members)",
          columns: [
            "store",
            "writes",
            "messages",
            "msg/s (1 group)",
            "median",
            "p95",
            "vs memory",
            `msg/s (${CONCURRENT_GROUPS} groups)`,
          ],
          rows: results.map((r) => {
            const memory = find("memory", r.reservedGenerations)
            return [
              r.store,
              modeName(r.reservedGenerations),
              String(r.sequential.messages),
              fmtRate(r.sequential.messagesPerSec),
              fmtMs(r.sequential.latency.medianMs),
              fmtMs(r.sequential.latency.p95Ms),
              memory
                ? fmtRatio(r.sequential.messagesPerSec / memory.sequential.messagesPerSec)
                : "-",
              fmtRate(r.concurrent.messagesPerSec),
            ]
          }),
        },
      ],
      rows: results.map((r) => ({ ...r })),
      goals,
      notes,
    }
  },
}
