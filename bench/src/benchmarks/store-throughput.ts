/**
 * Issue B: end-to-end sendMessage throughput (1 KiB, crypto-node) with each
 * store: one group sending back to back, and 8 groups sending concurrently.
 * Every message's new state is committed by the store before the ciphertext
 * is returned (SQLite: WAL with synchronous=FULL, an fsync per message).
 */
import { randomBytes } from "node:crypto"
import { generateStateKey, MlsClient } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import type { Benchmark } from "../lib/benchmark.js"
import { fmtMs, fmtRate, fmtRatio } from "../lib/format.js"
import { goal } from "../lib/goals.js"
import { GroupFixture } from "../lib/group-fixture.js"
import { collectGarbage } from "../lib/measure.js"
import { pick } from "../lib/options.js"
import { type Stats, summarize } from "../lib/stats.js"
import { openStore, STORE_KINDS, type StoreKind } from "../lib/stores.js"

const CONCURRENT_GROUPS = 8

/** Throughput of one store. */
interface StoreThroughput {
  store: StoreKind
  sequential: { messages: number; seconds: number; messagesPerSec: number; latency: Stats }
  concurrent: { groups: number; messages: number; seconds: number; messagesPerSec: number }
  /** The sending group's stored version afterwards: one write per message. */
  storedVersion: number
  expectedVersion: number
}

async function measureThroughput(
  kind: StoreKind,
  store: ConstructorParameters<typeof MlsClient>[0]["store"],
  messages: number,
  warmup: number,
): Promise<StoreThroughput> {
  const client = new MlsClient({
    store,
    stateKey: generateStateKey(),
    cryptoProvider: nodeCryptoProvider,
  })
  const plaintext = new Uint8Array(randomBytes(1024))
  const fx = await GroupFixture.create(client, kind)
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
  const storedVersion = (await store.getGroup(fx.owner))?.version ?? 0

  const groups = [fx]
  for (let i = 1; i < CONCURRENT_GROUPS; i++)
    groups.push(await GroupFixture.create(client, `${kind}-${i}`))
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
    storedVersion,
    expectedVersion: versionBefore + warmup + messages,
  }
}

export const storeThroughputBenchmark: Benchmark = {
  name: "store-throughput",
  description: "end-to-end sendMessage messages/s per store (crypto-node, 1 KiB, durable writes)",
  async run(options, log) {
    const messages = pick(options, 3000, 16)
    const warmup = pick(options, 100, 2)
    const results: StoreThroughput[] = []
    const notes: string[] = []
    for (const kind of STORE_KINDS) {
      const opened = await openStore(kind, options.postgresUrl)
      if ("skipped" in opened) {
        notes.push(`${kind} column left out: ${opened.skipped}`)
        continue
      }
      notes.push(`${kind}: ${opened.opened.settings}`)
      log(`${kind}: ${messages} messages sequential, then ${CONCURRENT_GROUPS} groups concurrently`)
      collectGarbage()
      try {
        results.push(await measureThroughput(kind, opened.opened.store, messages, warmup))
      } finally {
        await opened.opened.close()
      }
    }
    const memory = results.find((r) => r.store === "memory")
    const sqlite = results.find((r) => r.store === "sqlite")
    for (const r of results) {
      if (r.storedVersion !== r.expectedVersion)
        notes.push(`${r.store}: stored version ${r.storedVersion}, expected ${r.expectedVersion}`)
    }
    const oneWriteEach = results.every((r) => r.storedVersion === r.expectedVersion)
    notes.push(
      oneWriteEach
        ? "Each store's group version afterwards equals one committed write per message sent."
        : "Some store's group version differs from one write per message (see above).",
    )
    notes.push(
      `Concurrent: ${CONCURRENT_GROUPS} groups of one MlsClient sending at once (different groups run in parallel in core; better-sqlite3 is synchronous, so SQLite cannot overlap writes).`,
    )
    return {
      tables: [
        {
          title: "sendMessage throughput per store (crypto-node, 1 KiB, 2 members)",
          columns: [
            "store",
            "messages",
            "msg/s (1 group)",
            "median",
            "p95",
            "vs memory",
            `msg/s (${CONCURRENT_GROUPS} groups)`,
          ],
          rows: results.map((r) => [
            r.store,
            String(r.sequential.messages),
            fmtRate(r.sequential.messagesPerSec),
            fmtMs(r.sequential.latency.medianMs),
            fmtMs(r.sequential.latency.p95Ms),
            memory ? fmtRatio(r.sequential.messagesPerSec / memory.sequential.messagesPerSec) : "-",
            fmtRate(r.concurrent.messagesPerSec),
          ]),
        },
      ],
      rows: results.map((r) => ({ ...r })),
      goals:
        memory && sqlite
          ? [
              goal(
                "sqlite-send-rate",
                "SQLite-backed sendMessage rate vs in-memory (1 group, synchronous=FULL)",
                sqlite.sequential.messagesPerSec / memory.sequential.messagesPerSec,
                ">=",
                0.5,
              ),
            ]
          : [],
      notes,
    }
  },
}
