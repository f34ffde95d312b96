/**
 * Delivery fan-out: one hosted sender in a group of 100 hosted members on one
 * service sends N messages back to back; every other member applies each one
 * into its sealed inbox. Measured: delivered decryptions per second
 * (recipients × N over the wall time until the last member applied the last
 * message) against raw core `processMessage` per second of the same
 * ciphertexts in the same run (a raw MlsClient member of the same group on a
 * store of the same kind, and copies of it), and per message the
 * latency from the send to the last recipient's apply. Both sides run under
 * the sampling profiler, so the ratio compares like with like; the profile's
 * top functions say where the service's time goes.
 */
import { randomBytes } from "node:crypto"
import type { LocalGroupId } from "@mlskit/core"
import { ApplyTracker } from "../lib/apply-tracker.js"
import type { Benchmark } from "../lib/benchmark.js"
import { mergeSelfTimes, profileSelfTime } from "../lib/cpu-profile.js"
import {
  copyRawClient,
  counterValue,
  countInboxMessages,
  type DeliveryStoreKind,
  deliveryStoreKinds,
  hostedGroup,
  type RawClient,
  rawMember,
  startDeliveryService,
} from "../lib/delivery-fixture.js"
import { fmtMs, fmtRate, fmtRatio } from "../lib/format.js"
import { type Goal, goal } from "../lib/goals.js"
import { LoopDelayMonitor } from "../lib/loop-delay.js"
import { collectGarbage, yieldToEventLoop } from "../lib/measure.js"
import { size } from "../lib/options.js"
import {
  extraSelfTime,
  extraSelfTimeTable,
  type ProfiledRun,
  topFunctions,
  topFunctionsTable,
} from "../lib/profile-top.js"
import { percentile } from "../lib/stats.js"
import type { PrintTable } from "../lib/table.js"

/** Sampling interval of the profiler on both sides (µs): coarse enough to cost little. */
const SAMPLING_US = 500
/** Goal: delivered decryptions per second at least this share of raw core's processMessage per second. */
const TARGET_RATIO = 0.7
/** Messages sent and delivered before the measured ones (JIT, caches). */
const WARMUP_MESSAGES = 5
/** Messages per turn: the fan-out and the baseline take turns so load on the machine hits both alike. */
const CHUNK = 20
/** Members added per commit while the group is set up. */
const SETUP_BATCH = 33

/** One store's outcome. */
interface FanOutRow {
  store: DeliveryStoreKind
  members: number
  recipients: number
  messages: number
  setupMs: number
  sendMs: number
  wallMs: number
  deliveredPerSec: number
  baseline: { members: number; decrypts: number; ms: number; perSec: number }
  ratio: number
  latency: { p50Ms: number; p99Ms: number; maxMs: number }
  /** Longest stretch the event loop was blocked during the measured part. */
  loopDelayMaxMs: number
  /** Time from the last apply until the service's background work (fork checks) was done. */
  idleAfterMs: number
  forksDetected: number
  backgroundErrors: number
  profile: ProfiledRun
  baselineProfile: ProfiledRun
}

async function fanOutOn(
  kind: DeliveryStoreKind,
  sizes: { members: number; messages: number; copies: number },
  log: (message: string) => void,
): Promise<FanOutRow> {
  const plaintext = new Uint8Array(randomBytes(1024))
  const fixture = await startDeliveryService(kind)
  const { service } = fixture
  const observer = await rawMember(kind, `observer-${kind}`)
  const copies: RawClient[] = []
  try {
    log(`${kind}: setting up ${sizes.members} hosted members and one raw member`)
    const setupStart = performance.now()
    const { group, welcome } = await hostedGroup(service, `fanout-${kind}`, sizes.members, {
      batch: SETUP_BATCH,
      extraKeyPackages: [observer.keyPackage],
    })
    if (!welcome) throw new Error("no Welcome for the raw member")
    const observerGroup = await observer.raw.client.joinGroup(observer.identityId, welcome)
    // The baseline members: the raw member and copies of it (snapshot import), all of which
    // process every commit and message from here on, as the hosted members do.
    for (let i = 1; i < sizes.copies; i++) copies.push(await copyRawClient(observer.raw, kind))
    const baselineClients = [observer.raw, ...copies]
    const processAll = async (message: Uint8Array) => {
      for (const raw of baselineClients) await raw.client.processMessage(observerGroup, message)
    }
    // Members that joined in earlier batches keep past epochs the raw member never saw; after
    // retainEpochs self-updates every member's state holds the same retained epochs, and every
    // state (hosted and raw) was last made by processing a commit.
    for (let i = 0; i < service.client.config.retainEpochs; i++)
      await processAll((await service.deliverUpdate(group.creator)).commit)
    await service.delivery?.idle()
    const setupMs = performance.now() - setupStart
    const [sender, ...recipients] = group.members as [LocalGroupId, ...LocalGroupId[]]
    const tracker = new ApplyTracker(service, recipients)

    for (let i = 0; i < WARMUP_MESSAGES; i++)
      await processAll((await service.deliverMessage(sender, plaintext)).message)
    await tracker.waitFor(recipients.length * WARMUP_MESSAGES)
    await service.delivery?.idle()
    const baseApplied = tracker.applied

    log(
      `${kind}: ${sizes.messages} messages to ${recipients.length} recipients, alternating with raw core`,
    )
    const sentAt = new Map<number, number>()
    const monitor = new LoopDelayMonitor()
    const serviceRuns: Awaited<ReturnType<typeof profileSelfTime>>[] = []
    const baselineRuns: Awaited<ReturnType<typeof profileSelfTime>>[] = []
    let sendMs = 0
    let wallMs = 0
    let idleAfterMs = 0
    let baselineMs = 0
    for (let done = 0; done < sizes.messages; done += CHUNK) {
      const count = Math.min(CHUNK, sizes.messages - done)
      const ciphertexts: Uint8Array[] = []
      const target = baseApplied + recipients.length * (done + count)
      // Each side starts its turn without the other's garbage (outside the measured time).
      collectGarbage()
      const run = await monitor.during(() =>
        profileSelfTime(async () => {
          const start = performance.now()
          for (let i = 0; i < count; i++) {
            const at = performance.now()
            const sent = await service.deliverMessage(sender, plaintext)
            sentAt.set(sent.seq, at)
            ciphertexts.push(sent.message)
            // Timers and I/O get a turn (the child's heartbeat among them); the
            // fan-out only ever resolves in microtasks, so it finishes first.
            await yieldToEventLoop()
          }
          sendMs += performance.now() - start
          await tracker.waitFor(target)
          wallMs += performance.now() - start
          // Background work left (fork checks) must not run into the baseline's time.
          const idleStart = performance.now()
          await service.delivery?.idle()
          idleAfterMs += performance.now() - idleStart
        }, SAMPLING_US),
      )
      serviceRuns.push(run)
      collectGarbage()
      baselineRuns.push(
        await profileSelfTime(async () => {
          // Message by message across the baseline members, as the fan-out goes across the
          // recipients: neither side gets to keep one member's state hot for many messages.
          for (const ciphertext of ciphertexts) {
            const start = performance.now()
            for (const raw of baselineClients)
              await raw.client.processMessage(observerGroup, ciphertext)
            baselineMs += performance.now() - start
            await yieldToEventLoop()
          }
        }, SAMPLING_US),
      )
    }
    tracker.close()
    const profile = mergeSelfTimes(serviceRuns)
    const baselineProfile = mergeSelfTimes(baselineRuns)

    const latencies = [...sentAt].map(([seq, at]) => {
      const applies = tracker.bySeq.get(seq)
      if (applies?.count !== recipients.length)
        throw new Error(`seq ${seq} applied by ${applies?.count ?? 0} of ${recipients.length}`)
      return applies.lastAt - at
    })
    await checkInboxes(fixture.service, group, WARMUP_MESSAGES + sizes.messages)

    const delivered = recipients.length * sizes.messages
    const deliveredPerSec = delivered / (wallMs / 1000)
    const decrypts = baselineClients.length * sizes.messages
    const basePerSec = decrypts / (baselineMs / 1000)
    return {
      store: kind,
      members: sizes.members,
      recipients: recipients.length,
      messages: sizes.messages,
      setupMs,
      sendMs,
      wallMs,
      deliveredPerSec,
      baseline: { members: baselineClients.length, decrypts, ms: baselineMs, perSec: basePerSec },
      ratio: deliveredPerSec / basePerSec,
      latency: {
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        maxMs: Math.max(...latencies),
      },
      loopDelayMaxMs: monitor.maxMs,
      idleAfterMs,
      forksDetected: await counterValue(fixture.registry, "mls_delivery_forks_detected_total"),
      backgroundErrors: await counterValue(
        fixture.registry,
        "mls_delivery_background_errors_total",
      ),
      profile: { label: `hosted fan-out, ${kind}`, ...profile },
      baselineProfile: { label: `raw core processMessage, ${kind}`, ...baselineProfile },
    }
  } finally {
    for (const copy of copies) await copy.close()
    await observer.raw.close()
    await fixture.close()
  }
}

/** Self time per delivered message beyond raw core's per processed message. */
function extraOf(r: FanOutRow) {
  return extraSelfTime(r.profile, r.recipients * r.messages, r.baselineProfile, r.baseline.decrypts)
}

/** Every recipient's inbox holds every message once (read outside the measured time). */
async function checkInboxes(
  service: Parameters<typeof countInboxMessages>[0],
  group: { members: LocalGroupId[]; identities: string[] },
  expected: number,
): Promise<void> {
  for (let i = 1; i < group.members.length; i++) {
    const found = await countInboxMessages(
      service,
      group.identities[i] as string,
      group.members[i] as LocalGroupId,
    )
    if (found !== expected)
      throw new Error(`member ${i}'s inbox holds ${found} messages, expected ${expected}`)
  }
}

export const deliveryFanoutBenchmark: Benchmark = {
  name: "delivery-fanout",
  description:
    "hosted delivery fan-out: one sender, every other member of a 100-member hosted group decrypts into its inbox, against raw core processMessage of the same ciphertexts (memory and SQLite, crypto-node, 1 KiB)",
  async run(options, log) {
    const members = size(options, "FANOUT_MEMBERS", 100, 4)
    const sizes = {
      members,
      messages: size(options, "FANOUT_MESSAGES", 20, 4),
      // As many raw states as hosted recipients: both sides hold the same
      // number of states in memory, so neither pays alone for a bigger heap.
      copies: size(options, "FANOUT_BASELINE_MEMBERS", members - 1, 1),
    }
    if (sizes.members < 2) throw new Error("BENCH_FANOUT_MEMBERS must be at least 2")
    const rows: FanOutRow[] = []
    for (const kind of deliveryStoreKinds()) rows.push(await fanOutOn(kind, sizes, log))

    const goals: Goal[] = rows.map((r) =>
      goal(
        `delivery-fanout-${r.store}`,
        `fan-out to ${r.recipients} hosted members (${r.store}): delivered decryptions/s vs raw core processMessage/s`,
        r.ratio,
        ">=",
        TARGET_RATIO,
      ),
    )
    const tables: PrintTable[] = [
      {
        title: `fan-out: ${sizes.messages} messages of 1 KiB, sent back to back by one of ${sizes.members} hosted members`,
        columns: [
          "store",
          "delivered/s",
          "core processMessage/s",
          "ratio",
          "wall",
          "sending",
          "p50 send->last inbox",
          "p99",
          "event loop blocked (max)",
          "setup",
        ],
        rows: rows.map((r) => [
          r.store,
          fmtRate(r.deliveredPerSec),
          fmtRate(r.baseline.perSec),
          fmtRatio(r.ratio),
          fmtMs(r.wallMs),
          fmtMs(r.sendMs),
          fmtMs(r.latency.p50Ms),
          fmtMs(r.latency.p99Ms),
          fmtMs(r.loopDelayMaxMs),
          fmtMs(r.setupMs),
        ]),
      },
      ...rows.flatMap((r) => [
        topFunctionsTable(r.profile),
        topFunctionsTable(r.baselineProfile),
        extraSelfTimeTable(r.profile.label, "delivered message", extraOf(r)),
      ]),
    ]
    return {
      tables,
      rows: rows.map(({ profile, baselineProfile, ...r }) => ({
        ...r,
        profileTop: topFunctions(profile),
        profileBusyMs: profile.totalMs,
        baselineProfileTop: topFunctions(baselineProfile),
        baselineProfileBusyMs: baselineProfile.totalMs,
        extraTop: extraOf({ profile, baselineProfile, ...r }),
      })),
      goals,
      notes: [
        `The service is an MlsService with [delivery] driver = "store" as startMlsService builds it (crypto-node, pino at info to a null stream, metrics on its own registry, no tracer provider). ${WARMUP_MESSAGES} warm-up messages are delivered first and not counted.`,
        "delivered/s = recipients × messages / wall time from the first send until the last recipient applied the last message (EntryApplied events; each member's inbox write and state write are done by then). Every recipient's inbox is then read back and must hold every message.",
        `The baseline is a raw core MlsClient (no hooks) member of the same group, on a store of the same kind, and ${sizes.copies - 1} copies of it (snapshot export and import right after it joined), each processing the same ciphertexts, message by message across the members (as the fan-out goes across the recipients). The two sides take turns every ${CHUNK} messages, each starting its turn after a full garbage collection, so load from other processes and the other side's garbage hit neither alone. After setup the creator commits retain_epochs self-updates that every member (hosted and raw) processes, so all states hold the same retained epochs and were last made by processing a commit (such states persist more slowly than states decoded from bytes).`,
        `Both sides run under the V8 sampling profiler (every ${SAMPLING_US} µs), so the ratio compares like with like; absolute rates carry the profiler's few percent. Native work counts as self time of the JS function that called into it.`,
        "The sender sends the next message once deliverMessage returned and the event loop had a turn (setImmediate). The fan-out of a message resolves only in microtasks (the stores and crypto-node are synchronous behind promises), so it runs to its end before that turn: messages are in effect delivered one after the other, and the latency (send start to the apply by the last recipient) is the fan-out time of one message. 'event loop blocked' is the longest stretch without a timer or I/O turn (monitorEventLoopDelay).",
        "Sizes: BENCH_FANOUT_MEMBERS, BENCH_FANOUT_MESSAGES, BENCH_FANOUT_BASELINE_MEMBERS.",
      ],
    }
  },
}
