/**
 * Commit storm: all 10 hosted members of a group rotate their keys at once
 * (`deliverUpdate` from each, together), round after round, until 100
 * commits went through. The epoch fence lets one commit per epoch win; each
 * loser is dropped and redone on the new epoch by the service. Measured: the
 * redo attempts (`mls_delivery_commit_redo_total`) and fence rejections, and
 * per round the time until every member is at the same epoch with the same
 * epoch authenticator (convergence), per commit. Baseline in the same run:
 * the same number of self-update commits made one at a time in a raw core
 * 10-member group (one MlsClient, a store of the same kind), each processed
 * by the 9 others, with no contention and no delivery.
 */
import { type LocalGroupId, MlskitError } from "@mlskit/core"
import type { Benchmark } from "../lib/benchmark.js"
import { mergeSelfTimes, profileSelfTime } from "../lib/cpu-profile.js"
import {
  convergedEpoch,
  counterValue,
  type DeliveryStoreKind,
  deliveryStoreKinds,
  hostedGroup,
  rawClient,
  startDeliveryService,
} from "../lib/delivery-fixture.js"
import { fmtMs, fmtRatio } from "../lib/format.js"
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

/** Sampling interval of the profiler (µs). */
const SAMPLING_US = 500
/** Catch-up passes allowed after a round's background work before the round counts as not converging. */
const MAX_EXTRA_PASSES = 3

/** One round of concurrent commits. */
interface Round {
  /** Commits that went through (each one epoch). */
  committed: number
  /** Members whose commit lost the fence more often than the service's attempts allow. */
  gaveUp: number
  /** Until every deliverUpdate settled. */
  settledMs: number
  /** Until every member had the same epoch and epoch authenticator. */
  convergedMs: number
  /** Catch-up passes needed after the background work was idle (0 when fan-out had done it). */
  extraPasses: number
}

/** One store's outcome. */
interface StormRow {
  store: DeliveryStoreKind
  members: number
  commits: number
  rounds: number
  redoAttempts: number
  fenceRejections: number
  gaveUp: number
  /** Sum of the rounds' convergence times over the commits made. */
  convergedMsPerCommit: number
  roundConvergedMs: { p50: number; p99: number; max: number }
  baseline: { commits: number; msPerCommit: number }
  /** Storm time per commit over sequential raw core time per commit. */
  ratio: number
  forksDetected: number
  profile: ProfiledRun
  baselineProfile: ProfiledRun
}

async function stormOn(
  kind: DeliveryStoreKind,
  sizes: { members: number; commits: number },
  log: (message: string) => void,
): Promise<StormRow> {
  const fixture = await startDeliveryService(kind)
  const { service, registry } = fixture
  const baseline = await sequentialCommits(kind, sizes.members)
  try {
    log(`${kind}: setting up ${sizes.members} hosted members`)
    const { group } = await hostedGroup(service, `storm-${kind}`, sizes.members, {
      batch: sizes.members,
    })
    let epoch = await convergedEpoch(service, group.members)
    if (epoch === undefined) throw new Error("the members disagree before the storm")
    // Half the baseline's commits before the storm and half after it, so load that drifts
    // during the run hits both alike.
    const half = Math.floor(sizes.commits / 2)
    log(`${kind}: raw core makes ${half} commits one at a time`)
    const baselineFirst = await baseline.run(half)
    const redo0 = await counterValue(registry, "mls_delivery_commit_redo_total")
    const fenced0 = await counterValue(registry, "mls_delivery_fence_rejections_total")

    log(
      `${kind}: ${sizes.members} members commit at once until ${sizes.commits} commits went through`,
    )
    const rounds: Round[] = []
    const profile = await profileSelfTime(async () => {
      let committed = 0
      while (committed < sizes.commits) {
        const round = await stormRound(service, group.members)
        const reached = await convergedEpoch(service, group.members)
        if (reached !== (epoch as number) + round.committed)
          throw new Error(`epoch ${reached} after ${round.committed} commits from epoch ${epoch}`)
        epoch = reached
        rounds.push(round)
        committed += round.committed
      }
    }, SAMPLING_US)
    const commits = rounds.reduce((n, r) => n + r.committed, 0)
    const convergedMs = rounds.map((r) => r.convergedMs)

    log(`${kind}: raw core makes ${commits - half} more commits one at a time`)
    const baselineSecond = await baseline.run(commits - half)
    const baselineMs = baselineFirst.ms + baselineSecond.ms
    const baselineProfile = mergeSelfTimes([baselineFirst.profile, baselineSecond.profile])
    const convergedMsPerCommit = convergedMs.reduce((s, x) => s + x, 0) / commits
    return {
      store: kind,
      members: sizes.members,
      commits,
      rounds: rounds.length,
      redoAttempts: (await counterValue(registry, "mls_delivery_commit_redo_total")) - redo0,
      fenceRejections:
        (await counterValue(registry, "mls_delivery_fence_rejections_total")) - fenced0,
      gaveUp: rounds.reduce((n, r) => n + r.gaveUp, 0),
      convergedMsPerCommit,
      roundConvergedMs: {
        p50: percentile(convergedMs, 0.5),
        p99: percentile(convergedMs, 0.99),
        max: Math.max(...convergedMs),
      },
      baseline: { commits, msPerCommit: baselineMs / commits },
      ratio: convergedMsPerCommit / (baselineMs / commits),
      forksDetected: await counterValue(registry, "mls_delivery_forks_detected_total"),
      profile: { label: `commit storm, ${kind}`, ...profile },
      baselineProfile: { label: `raw core sequential commits, ${kind}`, ...baselineProfile },
    }
  } finally {
    await baseline.close()
    await fixture.close()
  }
}

/** Every member commits at once; then wait until all agree on epoch and authenticator. */
async function stormRound(
  service: Parameters<typeof convergedEpoch>[0],
  members: readonly LocalGroupId[],
): Promise<Round> {
  const start = performance.now()
  const outcomes = await Promise.allSettled(members.map((id) => service.deliverUpdate(id)))
  const settledMs = performance.now() - start
  let gaveUp = 0
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") continue
    // Only losing the fence more often than allowed is an expected outcome of a storm.
    if (MlskitError.isInstance(outcome.reason) && outcome.reason.code === "CONFLICT") gaveUp++
    else throw outcome.reason
  }
  await service.delivery?.idle()
  let extraPasses = 0
  while ((await convergedEpoch(service, members)) === undefined) {
    if (++extraPasses > MAX_EXTRA_PASSES) throw new Error("the members did not converge")
    for (const id of members) await service.catchUp(id)
    await service.delivery?.idle()
  }
  return {
    committed: outcomes.length - gaveUp,
    gaveUp,
    settledMs,
    convergedMs: performance.now() - start,
    extraPasses,
  }
}

/** The baseline's raw core group: make `count` more commits and return their time. */
interface SequentialCommits {
  run(count: number): Promise<{ ms: number; profile: Awaited<ReturnType<typeof profileSelfTime>> }>
  close(): Promise<void>
}

/**
 * The baseline: a raw core group of `members` on one MlsClient (a store of
 * `kind`) in which self-updates are made one at a time, the committer taking
 * turns, each commit processed by every other member.
 */
async function sequentialCommits(
  kind: DeliveryStoreKind,
  members: number,
): Promise<SequentialCommits> {
  const raw = await rawClient(kind)
  const { client } = raw
  const ids: string[] = []
  for (let i = 0; i < members; i++) ids.push((await client.createIdentity(`core-${i}`)).id)
  const [first, ...others] = ids as [string, ...string[]]
  const creator = await client.createGroup(first, "storm-baseline")
  const keyPackages: Uint8Array[] = []
  for (const id of others) keyPackages.push(...(await client.generateKeyPackages(id, 1)))
  const { welcome } = await client.addMembers(creator, keyPackages)
  const groups: LocalGroupId[] = [creator]
  for (const id of others) groups.push(await client.joinGroup(id, welcome))
  let made = 0
  return {
    async run(count) {
      let ms = 0
      // Under the profiler like the storm, so the ratio compares like with like.
      const profile = await profileSelfTime(async () => {
        const start = performance.now()
        for (let i = 0; i < count; i++, made++) {
          const committer = groups[made % groups.length] as LocalGroupId
          const commit = await client.selfUpdate(committer)
          for (const g of groups) if (g !== committer) await client.processMessage(g, commit)
        }
        ms = performance.now() - start
      }, SAMPLING_US)
      return { ms, profile }
    },
    close: () => raw.close(),
  }
}

export const deliveryCommitStormBenchmark: Benchmark = {
  name: "delivery-commit-storm",
  description:
    "hosted delivery under a commit storm: 10 hosted members rotate keys at once, round after round, until 100 commits went through (redo attempts, time to convergence per commit; memory and SQLite)",
  async run(options, log) {
    const sizes = {
      members: size(options, "STORM_MEMBERS", 10, 3),
      commits: size(options, "STORM_COMMITS", 100, 6),
    }
    if (sizes.members < 2) throw new Error("BENCH_STORM_MEMBERS must be at least 2")
    const rows: StormRow[] = []
    for (const kind of deliveryStoreKinds()) rows.push(await stormOn(kind, sizes, log))

    const tables: PrintTable[] = [
      {
        title: `commit storm: ${sizes.members} hosted members call deliverUpdate together each round`,
        columns: [
          "store",
          "commits",
          "rounds",
          "redo attempts",
          "per commit",
          "fence losses",
          "gave up",
          "converged/commit",
          "round p50",
          "round p99",
          "core/commit",
          "ratio",
          "forks",
        ],
        rows: rows.map((r) => [
          r.store,
          String(r.commits),
          String(r.rounds),
          String(r.redoAttempts),
          (r.redoAttempts / r.commits).toFixed(2),
          String(r.fenceRejections),
          String(r.gaveUp),
          fmtMs(r.convergedMsPerCommit),
          fmtMs(r.roundConvergedMs.p50),
          fmtMs(r.roundConvergedMs.p99),
          fmtMs(r.baseline.msPerCommit),
          fmtRatio(r.ratio),
          String(r.forksDetected),
        ]),
      },
      ...rows.flatMap((r) => [
        topFunctionsTable(r.profile),
        extraSelfTimeTable(
          r.profile.label,
          "commit",
          extraSelfTime(r.profile, r.commits, r.baselineProfile, r.baseline.commits),
        ),
      ]),
    ]
    return {
      tables,
      rows: rows.map(({ profile, baselineProfile, ...r }) => ({
        ...r,
        extraTop: extraSelfTime(profile, r.commits, baselineProfile, r.baseline.commits),
        redoAttemptsPerCommit: r.redoAttempts / r.commits,
        profileTop: topFunctions(profile),
        profileBusyMs: profile.totalMs,
      })),
      goals: [],
      notes: [
        'The service is an MlsService with [delivery] driver = "store" as startMlsService builds it (crypto-node, default max_commit_attempts 5). A member whose intent lost the fence 5 times gets a ConflictError ("gave up"); its round still counts the others\' commits.',
        "A round ends when every member is at the same epoch with the same epoch authenticator (after the service's background fan-out is idle; extra catch-up passes are counted in the JSON). The epoch must have moved by exactly the number of commits that went through. converged/commit is the sum of the rounds' times over the commits made; the storm runs under the V8 sampling profiler (every 500 µs).",
        "core/commit: raw core MlsClient (no hooks, a store of the same kind), the same number of self-update commits one at a time in a group of the same size, each processed by every other member, half of them before the storm and half after it; ratio = converged/commit over core/commit (what contention, redo, staging and delivery cost; no goal is set). The baseline runs under the profiler too.",
        "Sizes: BENCH_STORM_MEMBERS, BENCH_STORM_COMMITS.",
      ],
    }
  },
}
