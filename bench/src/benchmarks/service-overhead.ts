/**
 * Service overhead: raw MlsClient against the full MlsService (metrics,
 * tracing, events and logging on) for sendMessage and processMessage of
 * 1 KiB, both on crypto-node and an in-memory store, in a two-member group
 * (the goal) and in a 100-member group. The two run in alternating rounds so
 * background load hits both alike.
 */
import { randomBytes } from "node:crypto"
import { generateStateKey, InMemoryStore, type LocalGroupId, MlsClient } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import { createMlsTracingHooks } from "@mlskit/tracing"
import { alternatingRounds, type Side } from "../lib/alternating-rounds.js"
import type { Benchmark } from "../lib/benchmark.js"
import { FillerPool } from "../lib/filler-pool.js"
import { fmtMs, fmtPercent, fmtRate } from "../lib/format.js"
import { goal } from "../lib/goals.js"
import { pick } from "../lib/options.js"
import { recordingTracerProvider, startObservedService } from "../lib/service-fixture.js"
import { type Stats, summarize } from "../lib/stats.js"

/** What MlsClient and MlsService both offer to set a group up. */
interface GroupApi {
  createIdentity(name: string): Promise<{ id: string }>
  createGroup(identity: string, name: string): Promise<LocalGroupId>
  generateKeyPackages(identity: string, count: number): Promise<Uint8Array[]>
  addMembers(
    groupId: LocalGroupId,
    keyPackages: Uint8Array[],
  ): Promise<{ commit: Uint8Array; welcome: Uint8Array }>
  joinGroup(identity: string, welcome: Uint8Array): Promise<LocalGroupId>
  processMessage(groupId: LocalGroupId, message: Uint8Array): Promise<unknown>
}

async function twoMemberGroup(
  api: GroupApi,
  tag: string,
): Promise<{ sender: LocalGroupId; receiver: LocalGroupId }> {
  const alice = await api.createIdentity(`alice-${tag}`)
  const bob = await api.createIdentity(`bob-${tag}`)
  const sender = await api.createGroup(alice.id, `overhead-${tag}`)
  const { welcome } = await api.addMembers(sender, await api.generateKeyPackages(bob.id, 1))
  return { sender, receiver: await api.joinGroup(bob.id, welcome) }
}

async function grow(
  api: GroupApi,
  group: { sender: LocalGroupId; receiver: LocalGroupId },
  fillers: FillerPool,
  count: number,
) {
  const { commit } = await api.addMembers(group.sender, await fillers.take(count))
  await api.processMessage(group.receiver, commit)
}

/** A row: both sides' stats and the overhead. */
interface OverheadRow {
  operation: "sendMessage" | "processMessage"
  members: number
  /** What is compared with raw core: the full service (the goal) or a breakdown variant. */
  variant: string
  core: Stats
  service: Stats
  overhead: number
}

const FULL = "MlsService, all on"

export const serviceOverheadBenchmark: Benchmark = {
  name: "service-overhead",
  description:
    "raw MlsClient vs MlsService with metrics, tracing and events (crypto-node, in-memory store, 1 KiB)",
  async run(options, log) {
    const rounds = pick(options, 30, 2)
    const perRound = pick(options, 100, 3)
    const bigMembers = pick(options, 100, 6)
    const stateKey = generateStateKey()
    const plaintext = new Uint8Array(randomBytes(1024))
    const client = new MlsClient({
      store: new InMemoryStore(),
      stateKey,
      cryptoProvider: nodeCryptoProvider,
    })
    const fixture = await startObservedService(new InMemoryStore(), stateKey, nodeCryptoProvider)
    const { service } = fixture
    const sidesFor = async (tag: string): Promise<[Side, Side]> => [
      {
        label: "raw core",
        send: (g, p) => client.sendMessage(g, p),
        process: (g, c) => client.processMessage(g, c),
        ...(await twoMemberGroup(client, tag)),
      },
      {
        label: FULL,
        send: (g, p) => service.sendMessage(g, p),
        process: (g, c) => service.processMessage(g, c),
        ...(await twoMemberGroup(service, tag)),
      },
    ]
    const rows: OverheadRow[] = []
    const measureRows = async (sides: Side[], members: number, r: number, k: number) => {
      log(`${members} members: ${r} alternating rounds of ${k} sends and processes`)
      const samples = await alternatingRounds(sides, r, k, plaintext)
      const [core, ...others] = sides.map((s) => samples.get(s)) as {
        send: number[]
        process: number[]
      }[]
      for (const operation of ["sendMessage", "processMessage"] as const) {
        const key = operation === "sendMessage" ? "send" : "process"
        const c = summarize(core?.[key] ?? [])
        others.forEach((other, i) => {
          const s = summarize(other[key])
          const variant = sides[i + 1]?.label ?? "?"
          rows.push({
            operation,
            members,
            variant,
            core: c,
            service: s,
            overhead: s.medianMs / c.medianMs - 1,
          })
        })
      }
    }

    // All key generation happens first, on a fresh heap (see lib/safe-provider.ts).
    const small = await sidesFor("small")
    const big = await sidesFor("big")
    const fillers = new FillerPool()
    await grow(client, big[0], fillers, bigMembers - 2)
    await grow(service, big[1], fillers, bigMembers - 2)
    await measureRows(small, 2, rounds, perRound)
    await measureRows(big, bigMembers, Math.ceil(rounds / 3), Math.ceil(perRound / 5))

    // Where the overhead goes, measured apart so the goal rows keep their two-sided setup:
    // raw core against core with only the tracing hooks, and against the service without tracing.
    const traced = recordingTracerProvider()
    const tracedClient = new MlsClient({
      store: new InMemoryStore(),
      stateKey,
      cryptoProvider: nodeCryptoProvider,
      hooks: createMlsTracingHooks({ tracerProvider: traced.tracerProvider }),
    })
    const untraced = await startObservedService(new InMemoryStore(), stateKey, nodeCryptoProvider, {
      tracing: false,
    })
    const sampled = await startObservedService(new InMemoryStore(), stateKey, nodeCryptoProvider, {
      sampleRatio: 0.1,
    })
    const breakdown: Side[] = [
      { ...small[0], label: "raw core" },
      {
        label: "core + tracing hooks only",
        send: (g, p) => tracedClient.sendMessage(g, p),
        process: (g, c) => tracedClient.processMessage(g, c),
        ...(await twoMemberGroup(tracedClient, "traced")),
      },
      {
        label: "MlsService, tracing off",
        send: (g, p) => untraced.service.sendMessage(g, p),
        process: (g, c) => untraced.service.processMessage(g, c),
        ...(await twoMemberGroup(untraced.service, "untraced")),
      },
      {
        label: "MlsService, 10% of traces sampled",
        send: (g, p) => sampled.service.sendMessage(g, p),
        process: (g, c) => sampled.service.processMessage(g, c),
        ...(await twoMemberGroup(sampled.service, "sampled")),
      },
    ]
    await measureRows(breakdown, 2, Math.ceil(rounds / 2), perRound)
    await untraced.close()
    await sampled.close()
    await traced.tracerProvider.shutdown()

    await fixture.flush()
    const metricsText = await fixture.registry.metrics()
    const encrypted = /^mls_messages_encrypted(?:_total)? (\d+)/m.exec(metricsText)?.[1]
    const spans = fixture.exportedSpans()
    const events = fixture.deliveredEvents()
    await fixture.close()

    const twoMembers = (op: OverheadRow["operation"]) =>
      rows.find((r) => r.operation === op && r.members === 2 && r.variant === FULL)
    return {
      tables: [
        {
          title:
            "raw core vs full MlsService, then where the overhead goes (medians, crypto-node, 1 KiB)",
          columns: [
            "operation",
            "members",
            "compared with raw core",
            "n",
            "raw core",
            "msg/s",
            "compared",
            "msg/s",
            "overhead",
            "added",
          ],
          rows: rows.map((r) => [
            r.operation,
            String(r.members),
            r.variant,
            String(r.core.n),
            fmtMs(r.core.medianMs),
            fmtRate(r.core.opsPerSec),
            fmtMs(r.service.medianMs),
            fmtRate(r.service.opsPerSec),
            fmtPercent(r.overhead),
            fmtMs(r.service.medianMs - r.core.medianMs),
          ]),
        },
      ],
      rows: rows.map((r) => ({ ...r })),
      goals: (["sendMessage", "processMessage"] as const).flatMap((op) => {
        const r = twoMembers(op)
        return r
          ? [
              goal(
                `service-${op}-overhead`,
                `MlsService ${op} time vs raw core (2 members)`,
                1 + r.overhead,
                "<=",
                1.1,
              ),
            ]
          : []
      }),
      notes: [
        `Observability really ran: ${spans} spans exported (BatchSpanProcessor, no-op exporter), ${events} events delivered to a "*" subscriber, mls_messages_encrypted = ${encrypted ?? "?"}; pino at info level to a null stream.`,
        "No global OpenTelemetry context manager is registered (an AsyncLocalStorage one would tax both sides' promises alike).",
        `The "*" subscriber receives MessageSent and MessageReceived for every message (built from the operation's own attributes and result, no second read of the group); commits describe the group with client.peekGroup (members included); the ${bigMembers}-member rows show how that scales.`,
        `Breakdown rows (2 members, their own alternating rounds): "core + tracing hooks only" is MlsClient with @mlskit/tracing on the same recording SDK setup and nothing else; "MlsService, tracing off" is the full service without a tracer provider (OpenTelemetry's no-op API), so metrics, events, logging and shutdown tracking only; "MlsService, 10% of traces sampled" is the full service with a ParentBased(TraceIdRatioBased(0.1)) sampler, a common production setting (the goal is measured with every span recorded).`,
      ],
    }
  },
}
