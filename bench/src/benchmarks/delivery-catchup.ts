/**
 * Catch-up: a hosted member that missed 10,000 log entries applies them all
 * in one `catchUp` (each decrypted into its sealed inbox, its applied cursor
 * moving with its state). The entries are application messages of a raw
 * core member of the group, appended straight to the group log (as a member
 * whose keys live elsewhere sends them), so nothing applies them before the
 * measured catch-up. Baseline in the same run: a raw core MlsClient member
 * of the same group, on a store of the same kind, processing the same
 * ciphertexts. Both sides run under the sampling profiler.
 */
import { randomBytes } from "node:crypto"
import type { Benchmark } from "../lib/benchmark.js"
import { mergeSelfTimes, profileSelfTime } from "../lib/cpu-profile.js"
import {
  countInboxMessages,
  type DeliveryStoreKind,
  deliveryStoreKinds,
  rawMember,
  startDeliveryService,
} from "../lib/delivery-fixture.js"
import { fmtMs, fmtRate, fmtRatio } from "../lib/format.js"
import { type Goal, goal } from "../lib/goals.js"
import { LoopDelayMonitor } from "../lib/loop-delay.js"
import { yieldToEventLoop } from "../lib/measure.js"
import { size } from "../lib/options.js"
import {
  extraSelfTime,
  extraSelfTimeTable,
  type ProfiledRun,
  topFunctions,
  topFunctionsTable,
} from "../lib/profile-top.js"
import type { PrintTable } from "../lib/table.js"

/** Sampling interval of the profiler on both sides (µs). */
const SAMPLING_US = 500
/** Goal: catch-up entries per second at least this share of raw core's processMessage per second. */
const TARGET_RATIO = 0.7
/** Entries caught up (and processed by the baseline) before the measured ones. */
const WARMUP_ENTRIES = 20

/** One store's outcome. */
interface CatchUpRow {
  store: DeliveryStoreKind
  entries: number
  /** Time to make and append the entries (setup, not measured). */
  appendMs: number
  catchUpMs: number
  /** Longest stretch the event loop was blocked during the catch-up. */
  loopDelayMaxMs: number
  entriesPerSec: number
  baseline: { ms: number; perSec: number }
  ratio: number
  profile: ProfiledRun
  baselineProfile: ProfiledRun
}

async function catchUpOn(
  kind: DeliveryStoreKind,
  entries: number,
  log: (message: string) => void,
): Promise<CatchUpRow> {
  const plaintext = new Uint8Array(randomBytes(1024))
  const fixture = await startDeliveryService(kind)
  const { service } = fixture
  // The sender only makes ciphertexts: in memory, so its writes cost the setup little.
  const sender = await rawMember("memory", `sender-${kind}`)
  const baseline = await rawMember(kind, `baseline-${kind}`)
  try {
    const receiver = await service.createIdentity(`receiver-${kind}`)
    const receiverGroup = await service.createGroup(receiver.id, `catchup-${kind}`)
    const added = await service.deliverAdd(receiverGroup, {
      keyPackages: [sender.keyPackage, baseline.keyPackage],
    })
    if (!added.welcome) throw new Error("no Welcome for the raw members")
    const senderGroup = await sender.raw.client.joinGroup(sender.identityId, added.welcome)
    const baselineGroup = await baseline.raw.client.joinGroup(baseline.identityId, added.welcome)
    await service.delivery?.idle()
    const { mlsGroupId } = await service.client.group(receiverGroup)

    const appendEntries = async (count: number): Promise<Uint8Array[]> => {
      const out: Uint8Array[] = []
      for (let i = 0; i < count; i++) {
        const message = await sender.raw.client.sendMessage(senderGroup, plaintext)
        await fixture.backend.log.append(mlsGroupId, message)
        out.push(message)
        if (i % 500 === 499) await yieldToEventLoop()
      }
      return out
    }

    const warmup = await appendEntries(WARMUP_ENTRIES)
    await service.catchUp(receiverGroup)
    for (const message of warmup) await baseline.raw.client.processMessage(baselineGroup, message)

    log(`${kind}: appending ${entries} entries`)
    const appendStart = performance.now()
    const ciphertexts = await appendEntries(entries)
    const appendMs = performance.now() - appendStart

    // The baseline processes half the ciphertexts before the catch-up and half after it, so
    // load from other processes that drifts during the run hits both sides alike.
    let baselineMs = 0
    const half = Math.floor(entries / 2)
    const baselineRun = (from: number, to: number) =>
      profileSelfTime(async () => {
        const start = performance.now()
        for (let i = from; i < to; i++) {
          await baseline.raw.client.processMessage(baselineGroup, ciphertexts[i] as Uint8Array)
          // Give the child's heartbeat a turn (the hosted catch-up gives none; see loopDelayMaxMs).
          if (i % 500 === 499) await yieldToEventLoop()
        }
        baselineMs += performance.now() - start
      }, SAMPLING_US)
    log(`${kind}: raw core processes the first ${half} ciphertexts`)
    const baselineFirst = await baselineRun(0, half)

    log(`${kind}: catching up ${entries} entries`)
    const monitor = new LoopDelayMonitor()
    let catchUpMs = 0
    const profile = await monitor.during(() =>
      profileSelfTime(async () => {
        const start = performance.now()
        await service.catchUp(receiverGroup)
        catchUpMs = performance.now() - start
      }, SAMPLING_US),
    )
    const inboxed = await countInboxMessages(service, receiver.id, receiverGroup)
    if (inboxed !== WARMUP_ENTRIES + entries)
      throw new Error(`the inbox holds ${inboxed} messages, expected ${WARMUP_ENTRIES + entries}`)

    log(`${kind}: raw core processes the other ${entries - half} ciphertexts`)
    const baselineProfile = mergeSelfTimes([baselineFirst, await baselineRun(half, entries)])

    const entriesPerSec = entries / (catchUpMs / 1000)
    const basePerSec = entries / (baselineMs / 1000)
    return {
      store: kind,
      entries,
      appendMs,
      catchUpMs,
      loopDelayMaxMs: monitor.maxMs,
      entriesPerSec,
      baseline: { ms: baselineMs, perSec: basePerSec },
      ratio: entriesPerSec / basePerSec,
      profile: { label: `hosted catch-up, ${kind}`, ...profile },
      baselineProfile: { label: `raw core processMessage, ${kind}`, ...baselineProfile },
    }
  } finally {
    await sender.raw.close()
    await baseline.raw.close()
    await fixture.close()
  }
}

export const deliveryCatchupBenchmark: Benchmark = {
  name: "delivery-catchup",
  description:
    "hosted delivery catch-up: one member applies 10,000 log entries into its inbox, against raw core processMessage of the same ciphertexts (memory and SQLite, crypto-node, 1 KiB)",
  async run(options, log) {
    const entries = size(options, "CATCHUP_ENTRIES", 10_000, 30)
    const rows: CatchUpRow[] = []
    for (const kind of deliveryStoreKinds()) rows.push(await catchUpOn(kind, entries, log))

    const goals: Goal[] = rows.map((r) =>
      goal(
        `delivery-catchup-${r.store}`,
        `catch-up of ${r.entries} entries (${r.store}): entries/s vs raw core processMessage/s`,
        r.ratio,
        ">=",
        TARGET_RATIO,
      ),
    )
    const tables: PrintTable[] = [
      {
        title: `catch-up: one hosted member applies ${entries} application messages of 1 KiB from the group log`,
        columns: [
          "store",
          "entries/s",
          "core processMessage/s",
          "ratio",
          "catch-up",
          "core",
          "event loop blocked (max)",
        ],
        rows: rows.map((r) => [
          r.store,
          fmtRate(r.entriesPerSec),
          fmtRate(r.baseline.perSec),
          fmtRatio(r.ratio),
          fmtMs(r.catchUpMs),
          fmtMs(r.baseline.ms),
          fmtMs(r.loopDelayMaxMs),
        ]),
      },
      ...rows.flatMap((r) => [
        topFunctionsTable(r.profile),
        topFunctionsTable(r.baselineProfile),
        extraSelfTimeTable(
          r.profile.label,
          "entry",
          extraSelfTime(r.profile, r.entries, r.baselineProfile, r.entries),
        ),
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
        extraTop: extraSelfTime(profile, r.entries, baselineProfile, r.entries),
      })),
      goals,
      notes: [
        'The service is an MlsService with [delivery] driver = "store" as startMlsService builds it (crypto-node, pino at info to a null stream, metrics on its own registry, no tracer provider). The group: the hosted member (who created it) and two raw core members, one sending, one the baseline.',
        `The sender's messages are appended straight to the group log (no fan-out), then one catchUp of the hosted member is timed; its inbox is read back afterwards and must hold every message. The baseline processes half the ciphertexts before the catch-up and half after it, so load that drifts during the run hits both alike. ${WARMUP_ENTRIES} warm-up entries are caught up and processed first on both sides.`,
        `Both sides run under the V8 sampling profiler (every ${SAMPLING_US} µs), so the ratio compares like with like; absolute rates carry the profiler's few percent.`,
        "'event loop blocked' is the longest stretch without a timer or I/O turn during the catch-up (monitorEventLoopDelay): the stores and crypto-node are synchronous behind promises, so a catch-up that never awaits real I/O holds the event loop for as long as it runs.",
        "Size: BENCH_CATCHUP_ENTRIES.",
      ],
    }
  },
}
