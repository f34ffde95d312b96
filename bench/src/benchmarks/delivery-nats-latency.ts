/**
 * Publish-to-apply latency with `[delivery] driver = "nats"` across two
 * instances: two MlsServices in this process on one PostgreSQL schema and
 * one JetStream stream, as two replicas of a deployment share them. Members
 * send through service A; each entry is applied for the group's hosted
 * members by whichever instance the shared consumer hands it to. Measured
 * per message and recipient: from the start of `deliverMessage` to the
 * recipient's `EntryApplied` event (on either instance), and how the applies
 * split between the instances. A report, no goal.
 */
import { randomBytes } from "node:crypto"
import { generateStateKey, type LocalGroupId } from "@mlskit/core"
import type { MlsService } from "@mlskit/service"
import pg from "pg"
import type { Benchmark } from "../lib/benchmark.js"
import { mergeSelfTimes, profileSelfTime } from "../lib/cpu-profile.js"
import { counterValue, hostedGroup } from "../lib/delivery-fixture.js"
import { fmtMs } from "../lib/format.js"
import { LoopDelayMonitor } from "../lib/loop-delay.js"
import {
  type ConfiguredService,
  deleteStream,
  natsDeliveryEnv,
  natsUnreachable,
  natsUrl,
  postgresUnreachable,
  randomStreamName,
  skippedOutput,
  skipReason,
  startConfiguredService,
} from "../lib/nats-fixture.js"
import { size } from "../lib/options.js"
import { type ProfiledRun, topFunctions, topFunctionsTable } from "../lib/profile-top.js"
import { percentile } from "../lib/stats.js"
import type { PrintTable } from "../lib/table.js"

/** Sampling interval of the profiler (µs), as in the other delivery benchmarks. */
const SAMPLING_US = 500
/** Messages delivered before the measured ones (JIT, caches, both consumers' first pulls). */
const WARMUP_MESSAGES = 10
/** A message none of whose applies arrive for this long fails the run. */
const STALL_MS = 60_000

type Instance = "A" | "B"

/** One sent message: when, to whom, when deliverMessage returned, and each recipient's apply. */
interface Pending {
  sentAt: number
  returnedAt: number
  recipients: Set<string>
  applies: Map<string, { at: number; instance: Instance }>
  done?: () => void
}

/**
 * Watches EntryApplied on both instances. Messages go one at a time: an
 * apply of a seq not yet known while a message is being sent (its seq comes
 * back with deliverMessage, the apply may come first) is that message's.
 */
class TwoInstanceTracker {
  private readonly bySeq = new Map<number, Pending>()
  private sending: Pending | undefined
  private readonly unsubscribe: (() => void)[]

  constructor(services: Record<Instance, MlsService>) {
    this.unsubscribe = (Object.entries(services) as [Instance, MlsService][]).map(
      ([instance, service]) =>
        service.subscribe("EntryApplied", (event) => {
          if (event.kind !== "application") return
          const at = performance.now()
          const pending = this.bySeq.get(event.seq) ?? this.sending
          if (!pending?.recipients.has(event.groupId) || pending.applies.has(event.groupId)) return
          pending.applies.set(event.groupId, { at, instance })
          if (pending.applies.size === pending.recipients.size) pending.done?.()
        }),
    )
  }

  /** Send through `send` and resolve once every recipient applied the message. */
  async deliver(
    recipients: readonly LocalGroupId[],
    send: () => Promise<{ seq: number }>,
  ): Promise<Pending> {
    const pending: Pending = {
      sentAt: performance.now(),
      returnedAt: 0,
      recipients: new Set(recipients),
      applies: new Map(),
    }
    const applied = new Promise<void>((resolve) => {
      pending.done = resolve
    })
    this.sending = pending
    let seq: number
    try {
      seq = (await send()).seq
    } finally {
      this.sending = undefined
    }
    pending.returnedAt = performance.now()
    this.bySeq.set(seq, pending)
    if (pending.applies.size === pending.recipients.size) return pending
    let timer: NodeJS.Timeout | undefined
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `seq ${seq}: applied by ${pending.applies.size} of ${pending.recipients.size} after ${STALL_MS} ms`,
            ),
          ),
        STALL_MS,
      )
    })
    try {
      await Promise.race([applied, stalled])
    } finally {
      clearTimeout(timer)
    }
    return pending
  }

  close(): void {
    for (const stop of this.unsubscribe) stop()
  }
}

export const deliveryNatsLatencyBenchmark: Benchmark = {
  name: "delivery-nats-latency",
  description:
    'publish-to-apply latency with [delivery] driver = "nats" across two MlsService instances on one PostgreSQL schema and one JetStream stream: members send through instance A, each entry is applied by whichever instance the shared consumer hands it to (crypto-node, 1 KiB)',
  async run(options, log) {
    const url = natsUrl()
    const skipped = skipReason([
      await natsUnreachable(url),
      await postgresUnreachable(options.postgresUrl),
    ])
    if (skipped !== undefined) return skippedOutput("delivery-nats-latency", skipped)
    const sizes = {
      members: size(options, "NATS_LATENCY_MEMBERS", 10, 3),
      messages: size(options, "NATS_LATENCY_MESSAGES", 300, 5),
      senders: size(options, "NATS_LATENCY_SENDERS", 3, 2),
    }
    if (sizes.members < 2) throw new Error("BENCH_NATS_LATENCY_MEMBERS must be at least 2")
    const senders = Math.min(sizes.senders, sizes.members)
    const stream = randomStreamName()
    const schema = `mlskit_bench_nats_${process.pid}_${randomBytes(4).toString("hex")}`
    const env = {
      MLSKIT_STORAGE_DRIVER: "postgres",
      MLSKIT_STORAGE_POSTGRES_URL: options.postgresUrl,
      MLSKIT_STORAGE_POSTGRES_SCHEMA: schema,
      MLSKIT_STORAGE_STATE_KEY: generateStateKey(),
      ...natsDeliveryEnv(url, stream),
    }
    const plaintext = new Uint8Array(randomBytes(1024))
    const started: ConfiguredService[] = []
    let tracker: TwoInstanceTracker | undefined
    try {
      const a = await startConfiguredService({ env })
      started.push(a)
      const b = await startConfiguredService({ env })
      started.push(b)
      tracker = new TwoInstanceTracker({ A: a.service, B: b.service })
      log(`setting up ${sizes.members} hosted members through instance A`)
      const setupStart = performance.now()
      const { group } = await hostedGroup(a.service, "nats-latency", sizes.members)
      const setupMs = performance.now() - setupStart
      const sendOne = (i: number) => {
        const sender = group.members[i % senders] as LocalGroupId
        const recipients = group.members.filter((m) => m !== sender)
        const t = tracker as TwoInstanceTracker
        return t.deliver(recipients, () => a.service.deliverMessage(sender, plaintext))
      }
      // The warm-up also waits out the setup: a recipient applies a message only after
      // every commit before it.
      for (let i = 0; i < WARMUP_MESSAGES; i++) await sendOne(i)
      log(`${sizes.messages} messages from ${senders} senders on A, one at a time`)
      const monitor = new LoopDelayMonitor()
      const measured: Pending[] = []
      const run = await monitor.during(() =>
        profileSelfTime(async () => {
          for (let i = 0; i < sizes.messages; i++) measured.push(await sendOne(i))
        }, SAMPLING_US),
      )
      const profile: ProfiledRun = {
        label: "two instances, A sending, both applying",
        ...mergeSelfTimes([run]),
      }
      const row = {
        store: "postgres",
        members: sizes.members,
        senders,
        messages: sizes.messages,
        setupMs,
        ...summarize(measured),
        loopDelayMaxMs: monitor.maxMs,
        backgroundErrors: {
          A: await counterValue(a.registry, "mls_delivery_background_errors_total"),
          B: await counterValue(b.registry, "mls_delivery_background_errors_total"),
        },
      }
      const tables: PrintTable[] = [
        {
          title: `publish to apply: ${sizes.messages} messages of 1 KiB, one at a time, from ${senders} of ${sizes.members} hosted members on instance A, PostgreSQL + NATS, two instances`,
          columns: ["latency", "p50", "p99", "max", "samples"],
          rows: [
            latencyRow("every recipient", row.everyRecipient),
            latencyRow("first recipient of a message", row.firstRecipient),
            latencyRow("last recipient of a message", row.lastRecipient),
            latencyRow("deliverMessage returned", row.sendReturned),
          ],
        },
        {
          title:
            "who applied: messages (all of a message's recipients by one instance) and applies",
          columns: ["instance", "messages", "share", "applies", "split messages"],
          rows: (["A", "B"] as const).map((instance) => [
            instance,
            String(row.split.messages[instance]),
            `${((row.split.messages[instance] / sizes.messages) * 100).toFixed(0)}%`,
            String(row.split.applies[instance]),
            instance === "A" ? String(row.split.splitMessages) : "",
          ]),
        },
        topFunctionsTable(profile),
      ]
      return {
        tables,
        rows: [{ ...row, profileTop: topFunctions(profile), profileBusyMs: profile.totalMs }],
        goals: [],
        notes: [
          `Two MlsServices in this process, each started with startMlsService from loadServiceConfig (environment variables only): [storage] driver = "postgres" on one schema ${schema} (dropped afterwards), [delivery] driver = "nats" on one fresh stream ${stream} of ${url} (deleted afterwards), the same state key; pino at info to a null stream, metrics on their own registries, no tracer provider. Both run the shared appliers (one durable consumer): each entry goes to one of them, which applies it for every hosted member of the group.`,
          `The group is created and filled through A (members added by name, newcomers joining by themselves); ${WARMUP_MESSAGES} warm-up messages are delivered first and not counted. Senders take turns (member i % ${senders}), all through A; every message is sent once the previous one was applied by all its recipients, so the figures are latency without a queue.`,
          "Latency: from the start of deliverMessage on A to the recipient's EntryApplied event on whichever instance applied it (both in this process, one clock). Both instances share the process's two cores and event loop, so this is no measure of two machines; an instance that applies holds the event loop for the other too.",
          `The measured part runs under the V8 sampling profiler (every ${SAMPLING_US} µs); its top 5 covers both instances.`,
          "Sizes: BENCH_NATS_LATENCY_MEMBERS, BENCH_NATS_LATENCY_MESSAGES, BENCH_NATS_LATENCY_SENDERS. NATS at MLSKIT_NATS_URL (or NATS_URL), PostgreSQL at MLSKIT_PG_URL; unreachable, the benchmark reports a skip unless MLSKIT_REQUIRE_SERVICES=1.",
        ],
      }
    } finally {
      tracker?.close()
      for (const s of started.reverse()) await s.close()
      await deleteStream(url, stream)
      await dropSchema(options.postgresUrl, schema)
    }
  },
}

/** Latency figures of one kind of sample. */
interface Latency {
  p50Ms: number
  p99Ms: number
  maxMs: number
  samples: number
}

function latencyOf(samples: number[]): Latency {
  return {
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    maxMs: Math.max(...samples),
    samples: samples.length,
  }
}

function latencyRow(label: string, l: Latency): string[] {
  return [label, fmtMs(l.p50Ms), fmtMs(l.p99Ms), fmtMs(l.maxMs), String(l.samples)]
}

/** Latencies and the split of applies between the instances. */
function summarize(measured: Pending[]) {
  const every: number[] = []
  const first: number[] = []
  const last: number[] = []
  const messages = { A: 0, B: 0 }
  const applies = { A: 0, B: 0 }
  let splitMessages = 0
  for (const p of measured) {
    const times = [...p.applies.values()].map((x) => x.at - p.sentAt)
    every.push(...times)
    first.push(Math.min(...times))
    last.push(Math.max(...times))
    const by = new Set([...p.applies.values()].map((x) => x.instance))
    for (const x of p.applies.values()) applies[x.instance]++
    if (by.size > 1) splitMessages++
    else for (const instance of by) messages[instance]++
  }
  return {
    everyRecipient: latencyOf(every),
    firstRecipient: latencyOf(first),
    lastRecipient: latencyOf(last),
    sendReturned: latencyOf(measured.map((p) => p.returnedAt - p.sentAt)),
    split: { messages, applies, splitMessages },
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end().catch(() => {})
  }
}
