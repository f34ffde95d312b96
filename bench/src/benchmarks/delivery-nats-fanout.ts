/**
 * Delivery fan-out on NATS JetStream: the fan-out of `delivery-fanout` (one
 * hosted sender, every other member of a 100-member hosted group applies
 * each message into its sealed inbox) on one service with `[delivery] driver
 * = "nats"`, against the same on a service with `driver = "store"`, both on
 * SQLite, in the same run. With NATS, an entry is appended to the stream and
 * the shared appliers (one durable consumer; here one instance) bring the
 * group's hosted members up to date; with the store driver the sender's own
 * call fans out. Measured: delivered decryptions per second until the last
 * recipient applied the last message, on each driver, and their ratio.
 */
import { randomBytes } from "node:crypto"
import { dirname } from "node:path"
import { generateStateKey, type LocalGroupId } from "@mlskit/core"
import type { MlsService } from "@mlskit/service"
import { ApplyTracker } from "../lib/apply-tracker.js"
import type { Benchmark } from "../lib/benchmark.js"
import { mergeSelfTimes, profileSelfTime } from "../lib/cpu-profile.js"
import {
  convergedEpoch,
  counterValue,
  countInboxMessages,
  type HostedGroup,
  hostedGroup,
} from "../lib/delivery-fixture.js"
import { fmtMs, fmtRate, fmtRatio } from "../lib/format.js"
import { type Goal, goal } from "../lib/goals.js"
import { LoopDelayMonitor } from "../lib/loop-delay.js"
import { collectGarbage, yieldToEventLoop } from "../lib/measure.js"
import {
  type ConfiguredService,
  deleteStream,
  natsDeliveryEnv,
  natsUnreachable,
  natsUrl,
  randomStreamName,
  skippedOutput,
  skipReason,
  startConfiguredService,
  waitUntil,
} from "../lib/nats-fixture.js"
import { size } from "../lib/options.js"
import {
  extraSelfTime,
  extraSelfTimeTable,
  type ProfiledRun,
  topFunctions,
  topFunctionsTable,
} from "../lib/profile-top.js"
import { percentile } from "../lib/stats.js"
import { type OpenedStore, openStore } from "../lib/stores.js"
import type { PrintTable } from "../lib/table.js"

/** Sampling interval of the profiler on both sides (µs), as in delivery-fanout. */
const SAMPLING_US = 500
/** Goal: delivered/s on NATS at least this share of delivered/s on the store driver. */
const TARGET_RATIO = 0.8
/** Messages sent and delivered before the measured ones (JIT, caches, the consumer). */
const WARMUP_MESSAGES = 5
/** Messages per turn: the two drivers take turns so load on the machine hits both alike. */
const CHUNK = 10
/** Members added per commit while the group is set up. */
const SETUP_BATCH = 33

type Driver = "nats" | "store"

/** One driver's service, group and what was measured on it. */
interface Side {
  driver: Driver
  started: ConfiguredService
  opened: OpenedStore
  group: HostedGroup
  sender: LocalGroupId
  recipients: LocalGroupId[]
  tracker: ApplyTracker
  monitor: LoopDelayMonitor
  sentAt: Map<number, number>
  runs: Awaited<ReturnType<typeof profileSelfTime>>[]
  setupMs: number
  sendMs: number
  wallMs: number
  idleAfterMs: number
}

/** One driver's outcome. */
interface DriverRow {
  driver: Driver
  store: "sqlite"
  members: number
  recipients: number
  messages: number
  setupMs: number
  sendMs: number
  wallMs: number
  deliveredPerSec: number
  latency: { p50Ms: number; p99Ms: number; maxMs: number }
  loopDelayMaxMs: number
  idleAfterMs: number
  forksDetected: number
  backgroundErrors: number
  profile: ProfiledRun
}

async function startSide(
  driver: Driver,
  members: number,
  nats: { url: string; stream: string },
  log: (message: string) => void,
): Promise<Side> {
  const result = await openStore("sqlite", "")
  if (!("opened" in result)) throw new Error(`SQLite store unavailable: ${result.skipped}`)
  const opened = result.opened
  const started = await startConfiguredService({
    env: {
      MLSKIT_STORAGE_DRIVER: "sqlite",
      MLSKIT_STORAGE_DATA_DIR: dirname(opened.file ?? "."),
      MLSKIT_STORAGE_STATE_KEY: generateStateKey(),
      ...(driver === "nats"
        ? natsDeliveryEnv(nats.url, nats.stream)
        : { MLSKIT_DELIVERY_DRIVER: "store" }),
    },
    store: opened.store,
  })
  const { service } = started
  log(`${driver}: setting up ${members} hosted members`)
  const setupStart = performance.now()
  const { group } = await hostedGroup(service, `nats-fanout-${driver}`, members, {
    batch: SETUP_BATCH,
  })
  // retain_epochs self-updates, as in delivery-fanout: every state holds the same retained epochs.
  for (let i = 0; i < service.client.config.retainEpochs; i++)
    await service.deliverUpdate(group.creator)
  await waitConverged(service, group)
  const [sender, ...recipients] = group.members as [LocalGroupId, ...LocalGroupId[]]
  const tracker = new ApplyTracker(service, recipients)
  const plaintext = new Uint8Array(randomBytes(1024))
  for (let i = 0; i < WARMUP_MESSAGES; i++) await service.deliverMessage(sender, plaintext)
  await tracker.waitFor(recipients.length * WARMUP_MESSAGES)
  await service.delivery?.idle()
  return {
    driver,
    started,
    opened,
    group,
    sender,
    recipients,
    tracker,
    monitor: new LoopDelayMonitor(),
    sentAt: new Map(),
    runs: [],
    setupMs: performance.now() - setupStart,
    sendMs: 0,
    wallMs: 0,
    idleAfterMs: 0,
  }
}

/** Every member at the creator's epoch with the same epoch authenticator. */
async function waitConverged(service: MlsService, group: HostedGroup): Promise<void> {
  const target = (await service.client.group(group.creator)).epoch
  await waitUntil("the group's members to converge", async () => {
    return (await convergedEpoch(service, group.members)) === target
  })
}

/** One turn: `count` messages back to back, until the last recipient applied the last one. */
async function turn(side: Side, count: number, plaintext: Uint8Array): Promise<void> {
  const { service } = side.started
  const target = side.tracker.applied + side.recipients.length * count
  collectGarbage()
  const run = await side.monitor.during(() =>
    profileSelfTime(async () => {
      const start = performance.now()
      for (let i = 0; i < count; i++) {
        const at = performance.now()
        const sent = await service.deliverMessage(side.sender, plaintext)
        side.sentAt.set(sent.seq, at)
        await yieldToEventLoop()
      }
      side.sendMs += performance.now() - start
      await side.tracker.waitFor(target)
      side.wallMs += performance.now() - start
      const idleStart = performance.now()
      await service.delivery?.idle()
      side.idleAfterMs += performance.now() - idleStart
    }, SAMPLING_US),
  )
  side.runs.push(run)
}

async function rowOf(side: Side, messages: number): Promise<DriverRow> {
  side.tracker.close()
  const latencies = [...side.sentAt].map(([seq, at]) => {
    const applies = side.tracker.bySeq.get(seq)
    if (applies?.count !== side.recipients.length)
      throw new Error(
        `${side.driver}: seq ${seq} applied by ${applies?.count ?? 0} of ${side.recipients.length}`,
      )
    return applies.lastAt - at
  })
  for (let i = 1; i < side.group.members.length; i++) {
    const found = await countInboxMessages(
      side.started.service,
      side.group.identities[i] as string,
      side.group.members[i] as LocalGroupId,
    )
    if (found !== WARMUP_MESSAGES + messages)
      throw new Error(
        `${side.driver}: member ${i}'s inbox holds ${found} messages, expected ${WARMUP_MESSAGES + messages}`,
      )
  }
  const profile = mergeSelfTimes(side.runs)
  return {
    driver: side.driver,
    store: "sqlite",
    members: side.group.members.length,
    recipients: side.recipients.length,
    messages,
    setupMs: side.setupMs,
    sendMs: side.sendMs,
    wallMs: side.wallMs,
    deliveredPerSec: (side.recipients.length * messages) / (side.wallMs / 1000),
    latency: {
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: Math.max(...latencies),
    },
    loopDelayMaxMs: side.monitor.maxMs,
    idleAfterMs: side.idleAfterMs,
    forksDetected: await counterValue(side.started.registry, "mls_delivery_forks_detected_total"),
    backgroundErrors: await counterValue(
      side.started.registry,
      "mls_delivery_background_errors_total",
    ),
    profile: { label: `hosted fan-out, driver ${side.driver}, SQLite`, ...profile },
  }
}

async function closeSide(side: Side | undefined): Promise<void> {
  if (!side) return
  side.tracker.close()
  await side.started.close()
  await side.opened.close()
}

/** Self time per delivered message on NATS beyond the store driver's. */
function extraOf(nats: DriverRow, store: DriverRow) {
  return extraSelfTime(
    nats.profile,
    nats.recipients * nats.messages,
    store.profile,
    store.recipients * store.messages,
  )
}

export const deliveryNatsFanoutBenchmark: Benchmark = {
  name: "delivery-nats-fanout",
  description:
    'hosted delivery fan-out with [delivery] driver = "nats" (JetStream group log, shared appliers) against driver = "store": one sender, every other member of a 100-member hosted group decrypts into its inbox (SQLite, crypto-node, 1 KiB)',
  async run(options, log) {
    const url = natsUrl()
    const skipped = skipReason([await natsUnreachable(url)])
    if (skipped !== undefined) return skippedOutput("delivery-nats-fanout", skipped)
    const sizes = {
      members: size(options, "NATS_FANOUT_MEMBERS", 100, 4),
      messages: size(options, "NATS_FANOUT_MESSAGES", 20, 4),
    }
    if (sizes.members < 2) throw new Error("BENCH_NATS_FANOUT_MEMBERS must be at least 2")
    const stream = randomStreamName()
    const plaintext = new Uint8Array(randomBytes(1024))
    let nats: Side | undefined
    let store: Side | undefined
    let rows: { nats: DriverRow; store: DriverRow }
    try {
      nats = await startSide("nats", sizes.members, { url, stream }, log)
      store = await startSide("store", sizes.members, { url, stream }, log)
      log(
        `${sizes.messages} messages to ${sizes.members - 1} recipients on each driver, taking turns`,
      )
      for (let done = 0, round = 0; done < sizes.messages; done += CHUNK, round++) {
        const count = Math.min(CHUNK, sizes.messages - done)
        // Alternate who goes first, so neither always starts after the other's garbage.
        const order = round % 2 === 0 ? [nats, store] : [store, nats]
        for (const side of order) await turn(side, count, plaintext)
      }
      rows = { nats: await rowOf(nats, sizes.messages), store: await rowOf(store, sizes.messages) }
    } finally {
      await closeSide(nats)
      await closeSide(store)
      await deleteStream(url, stream)
    }

    const ratio = rows.nats.deliveredPerSec / rows.store.deliveredPerSec
    const extra = extraOf(rows.nats, rows.store)
    const goals: Goal[] = [
      goal(
        "delivery-nats-fanout-sqlite",
        `fan-out to ${rows.nats.recipients} hosted members (SQLite): delivered decryptions/s with driver nats vs driver store`,
        ratio,
        ">=",
        TARGET_RATIO,
      ),
    ]
    const both = [rows.nats, rows.store]
    const tables: PrintTable[] = [
      {
        title: `fan-out: ${sizes.messages} messages of 1 KiB, sent back to back by one of ${sizes.members} hosted members, SQLite`,
        columns: [
          "driver",
          "delivered/s",
          "ratio to store",
          "wall",
          "sending",
          "p50 send->last inbox",
          "p99",
          "event loop blocked (max)",
          "setup",
        ],
        rows: both.map((r) => [
          r.driver,
          fmtRate(r.deliveredPerSec),
          fmtRatio(r.deliveredPerSec / rows.store.deliveredPerSec),
          fmtMs(r.wallMs),
          fmtMs(r.sendMs),
          fmtMs(r.latency.p50Ms),
          fmtMs(r.latency.p99Ms),
          fmtMs(r.loopDelayMaxMs),
          fmtMs(r.setupMs),
        ]),
      },
      topFunctionsTable(rows.nats.profile),
      topFunctionsTable(rows.store.profile),
      extraSelfTimeTable(rows.nats.profile.label, "delivered message", extra, "driver store"),
    ]
    return {
      tables,
      rows: both.map(({ profile, ...r }) => ({
        ...r,
        ratioToStore: r.deliveredPerSec / rows.store.deliveredPerSec,
        profileTop: topFunctions(profile),
        profileBusyMs: profile.totalMs,
        ...(r.driver === "nats" ? { extraTopOverStore: extra } : {}),
      })),
      goals,
      notes: [
        `Both services are started with startMlsService from loadServiceConfig (environment variables only: [storage] driver = "sqlite" on a fresh SQLite file, WAL, synchronous=FULL; pino at info to a null stream, metrics on their own registry, no tracer provider, shutdown snapshot off); one with [delivery] driver = "nats" on a fresh stream ${stream} of ${url} (deleted afterwards), one with driver = "store". ${WARMUP_MESSAGES} warm-up messages are delivered first and not counted.`,
        "With driver nats the service appends each message to the JetStream stream and its appliers (the durable consumer all instances share; here the only instance) apply the entry for the group's hosted members; with driver store the sender's deliverMessage fans out itself.",
        "delivered/s = recipients × messages / wall time from the first send until the last recipient applied the last message (EntryApplied events). Every recipient's inbox is then read back and must hold every message.",
        `The two drivers take turns every ${CHUNK} messages (who goes first alternates), each turn after a full garbage collection. Both run under the V8 sampling profiler (every ${SAMPLING_US} µs); 'beyond driver store' compares self time per delivered message function by function.`,
        "Sizes: BENCH_NATS_FANOUT_MEMBERS, BENCH_NATS_FANOUT_MESSAGES. NATS at MLSKIT_NATS_URL (or NATS_URL, default nats://127.0.0.1:4222); unreachable, the benchmark reports a skip unless MLSKIT_REQUIRE_SERVICES=1.",
      ],
    }
  },
}
