/**
 * Where the remaining time goes: a short encrypt/decrypt loop (1 KiB, two
 * members, crypto-node, in-memory store) under the V8 sampling profiler,
 * first through MlsClient, then through the fully observed MlsService. Self
 * time is aggregated per function (top 5 of each loop; for the service, top 5
 * of its observability code) and per layer, per send+process pair.
 */
import { randomBytes } from "node:crypto"
import { generateStateKey, InMemoryStore, type LocalGroupId, MlsClient } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import type { Benchmark } from "../lib/benchmark.js"
import { type FunctionSelfTime, profileSelfTime } from "../lib/cpu-profile.js"
import { fmtMs } from "../lib/format.js"
import { GroupFixture } from "../lib/group-fixture.js"
import { pick } from "../lib/options.js"
import { startObservedService } from "../lib/service-fixture.js"
import type { PrintTable } from "../lib/table.js"

/** What a send+process loop needs of MlsClient or MlsService. */
interface MessageApi {
  sendMessage(groupId: LocalGroupId, plaintext: Uint8Array): Promise<Uint8Array>
  processMessage(groupId: LocalGroupId, message: Uint8Array): Promise<unknown>
}

/** The layers self time is grouped into, by where a function lives. */
const LAYERS: [string, (location: string, name: string) => boolean][] = [
  ["garbage collector", (_l, name) => name === "(garbage collector)"],
  ["ts-mls", (l) => l.startsWith("ts-mls/")],
  ["@mlskit/core", (l) => l.startsWith("@mlskit/core/")],
  ["@mlskit/crypto-node", (l) => l.startsWith("@mlskit/crypto-node/")],
  ["OpenTelemetry SDK and API", (l) => l.startsWith("@opentelemetry/")],
  ["@mlskit/tracing", (l) => l.startsWith("@mlskit/tracing/")],
  ["@mlskit/metrics + prom-client", (l) => /^(@mlskit\/metrics|prom-client)\//.test(l)],
  ["@mlskit/events", (l) => l.startsWith("@mlskit/events/")],
  ["@mlskit/service + shutdown + pino", (l) => /^(@mlskit\/(service|shutdown)|pino)\//.test(l)],
  [
    "node:crypto and native (OpenSSL)",
    (l) => l.startsWith("node:crypto") || l.startsWith("(native"),
  ],
]
const OTHER = "node internals, V8 and the rest"

const OBSERVABILITY =
  /^(@mlskit\/(service|shutdown|tracing|metrics|events)|@opentelemetry|prom-client|pino)\//

function layerOf(f: FunctionSelfTime): string {
  return LAYERS.find(([, test]) => test(f.location, f.function))?.[0] ?? OTHER
}

function byLayer(functions: FunctionSelfTime[], pairs: number): Map<string, number> {
  const out = new Map<string, number>()
  for (const f of functions) {
    const layer = layerOf(f)
    out.set(layer, (out.get(layer) ?? 0) + f.selfMs / pairs)
  }
  return out
}

function topTable(title: string, functions: FunctionSelfTime[], pairs: number): PrintTable {
  return {
    title,
    columns: ["#", "function", "location", "self", "per pair", "share"],
    rows: functions
      .slice(0, 5)
      .map((f, i) => [
        String(i + 1),
        f.function,
        f.location,
        fmtMs(f.selfMs),
        fmtMs(f.selfMs / pairs),
        `${(f.share * 100).toFixed(1)}%`,
      ]),
  }
}

async function twoMembers(api: MessageApi & Parameters<typeof GroupFixture.create>[0]) {
  return GroupFixture.create(api, "profile")
}

export const profileBenchmark: Benchmark = {
  name: "profile",
  description:
    "CPU profile of a crypto-node encrypt/decrypt loop through MlsClient and through the observed MlsService (self time per function and per layer)",
  async run(options, log) {
    const pairs = pick(options, 4000, 50)
    const plaintext = new Uint8Array(randomBytes(1024))
    const stateKey = generateStateKey()
    const client = new MlsClient({
      store: new InMemoryStore(),
      stateKey,
      cryptoProvider: nodeCryptoProvider,
    })
    const fixture = await startObservedService(new InMemoryStore(), stateKey, nodeCryptoProvider)
    const loops: { label: string; api: MessageApi; owner: LocalGroupId; member: LocalGroupId }[] =
      []
    const raw = await twoMembers(client)
    loops.push({ label: "MlsClient", api: client, owner: raw.owner, member: raw.member })
    const alice = await fixture.service.createIdentity("alice-profile")
    const bob = await fixture.service.createIdentity("bob-profile")
    const sender = await fixture.service.createGroup(alice.id, "profile")
    const { welcome } = await fixture.service.addMembers(
      sender,
      await fixture.service.generateKeyPackages(bob.id, 1),
    )
    const receiver = await fixture.service.joinGroup(bob.id, welcome)
    loops.push({ label: "MlsService", api: fixture.service, owner: sender, member: receiver })

    const results: { label: string; functions: FunctionSelfTime[]; perPairMs: number }[] = []
    for (const { label, api, owner, member } of loops) {
      const loop = async (n: number) => {
        for (let i = 0; i < n; i++)
          await api.processMessage(member, await api.sendMessage(owner, plaintext))
      }
      await loop(Math.min(200, pairs))
      log(`profiling ${pairs} send+process pairs through ${label}`)
      const start = performance.now()
      const { functions } = await profileSelfTime(() => loop(pairs))
      results.push({ label, functions, perPairMs: (performance.now() - start) / pairs })
    }
    await fixture.close()
    const [core, service] = results as [(typeof results)[0], (typeof results)[0]]

    const coreLayers = byLayer(core.functions, pairs)
    const serviceLayers = byLayer(service.functions, pairs)
    const layerNames = [...LAYERS.map(([name]) => name), OTHER]
    const observability = service.functions.filter((f) => OBSERVABILITY.test(f.location))
    const tables: PrintTable[] = [
      topTable(
        `top 5 functions by self time, MlsClient (${pairs} send+process pairs, ${fmtMs(core.perPairMs)} per pair under the profiler)`,
        core.functions,
        pairs,
      ),
      topTable(
        `top 5 functions by self time, MlsService (${fmtMs(service.perPairMs)} per pair under the profiler)`,
        service.functions,
        pairs,
      ),
      topTable(
        "top 5 observability functions in the MlsService loop (service, shutdown, tracing, metrics, events, OpenTelemetry, prom-client, pino)",
        observability,
        pairs,
      ),
      {
        title: "self time per send+process pair by layer",
        columns: ["layer", "MlsClient", "MlsService", "added"],
        rows: layerNames.map((name) => {
          const a = coreLayers.get(name) ?? 0
          const b = serviceLayers.get(name) ?? 0
          return [name, fmtMs(a), fmtMs(b), fmtMs(b - a)]
        }),
      },
    ]
    return {
      tables,
      rows: results.flatMap((r) =>
        r.functions.slice(0, 25).map((f, i) => ({ loop: r.label, rank: i + 1, ...f })),
      ),
      goals: [],
      notes: [
        "Sampled every 100 µs. Native work (OpenSSL, SHA, AES) counts as self time of the JS function that called into it; node internals, V8 builtins and (program) are grouped together; per-pair figures include the profiler's own cost.",
        "The two loops run one after the other, so machine drift between them shows up in every layer; the layers only the service has (tracing, metrics, events, OpenTelemetry) are its direct cost, and a larger garbage-collector share is its allocation.",
      ],
    }
  },
}
