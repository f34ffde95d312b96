/**
 * Service overhead: raw MlsClient against the full MlsService (metrics,
 * tracing, events and logging on) for sendMessage and processMessage of
 * 1 KiB in a two-member group, both on crypto-node and an in-memory store.
 * The two run in alternating rounds so background load hits both alike.
 */
import { randomBytes } from "node:crypto"
import { generateStateKey, InMemoryStore, type LocalGroupId, MlsClient } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import type { Benchmark } from "../lib/benchmark.js"
import { fmtMs, fmtPercent, fmtRate } from "../lib/format.js"
import { goal } from "../lib/goals.js"
import { collectGarbage } from "../lib/measure.js"
import { pick } from "../lib/options.js"
import { startObservedService } from "../lib/service-fixture.js"
import { type Stats, summarize } from "../lib/stats.js"

/** What both sides offer: a sender's and a receiver's view of one group. */
interface Side {
  label: string
  send(groupId: LocalGroupId, plaintext: Uint8Array): Promise<Uint8Array>
  process(groupId: LocalGroupId, ciphertext: Uint8Array): Promise<unknown>
  sender: LocalGroupId
  receiver: LocalGroupId
  samples: { send: number[]; process: number[] }
}

/** The subset of MlsClient and MlsService used to set a group up. */
type GroupApi = Pick<
  MlsClient,
  "generateKeyPackages" | "addMembers" | "joinGroup" | "createGroup"
> & {
  createIdentity(name: string): Promise<{ id: string }>
}

async function twoMemberGroup(
  api: GroupApi,
): Promise<{ sender: LocalGroupId; receiver: LocalGroupId; owner: string }> {
  const alice = await api.createIdentity("alice")
  const bob = await api.createIdentity("bob")
  const sender = await api.createGroup(alice.id, "overhead")
  const { welcome } = await api.addMembers(sender, await api.generateKeyPackages(bob.id, 1))
  const receiver = await api.joinGroup(bob.id, welcome)
  return { sender, receiver, owner: alice.id }
}

export const serviceOverheadBenchmark: Benchmark = {
  name: "service-overhead",
  description:
    "raw MlsClient vs MlsService with metrics, tracing and events (crypto-node, in-memory store, 1 KiB)",
  async run(options, log) {
    const rounds = pick(options, 30, 2)
    const perRound = pick(options, 100, 3)
    const extraGroups = pick(options, 1000, 20)
    const stateKey = generateStateKey()
    const plaintext = new Uint8Array(randomBytes(1024))

    const client = new MlsClient({
      store: new InMemoryStore(),
      stateKey,
      cryptoProvider: nodeCryptoProvider,
    })
    const fixture = await startObservedService(new InMemoryStore(), stateKey, nodeCryptoProvider)
    const { service } = fixture
    const core = await twoMemberGroup(client)
    const observed = await twoMemberGroup(service)
    const sides: Side[] = [
      {
        label: "raw core (MlsClient)",
        send: (g, p) => client.sendMessage(g, p),
        process: (g, c) => client.processMessage(g, c),
        ...core,
        samples: { send: [], process: [] },
      },
      {
        label: "MlsService (metrics, tracing, events)",
        send: (g, p) => service.sendMessage(g, p),
        process: (g, c) => service.processMessage(g, c),
        ...observed,
        samples: { send: [], process: [] },
      },
    ]

    const round = async (order: Side[], record: boolean) => {
      const ciphertexts = new Map<Side, Uint8Array[]>()
      for (const side of order) {
        const out: Uint8Array[] = []
        for (let i = 0; i < perRound; i++) {
          const start = performance.now()
          out.push(await side.send(side.sender, plaintext))
          if (record) side.samples.send.push(performance.now() - start)
        }
        ciphertexts.set(side, out)
      }
      for (const side of order) {
        for (const ciphertext of ciphertexts.get(side) ?? []) {
          const start = performance.now()
          await side.process(side.receiver, ciphertext)
          if (record) side.samples.process.push(performance.now() - start)
        }
      }
    }
    log(`${rounds} alternating rounds of ${perRound} sends and processes`)
    await round(sides, false)
    for (let r = 0; r < rounds; r++) {
      if (r % 5 === 0) collectGarbage()
      await round(r % 2 === 0 ? sides : [...sides].reverse(), true)
    }
    const [coreSide, serviceSide] = sides as [Side, Side]
    const stats = {
      coreSend: summarize(coreSide.samples.send),
      coreProcess: summarize(coreSide.samples.process),
      serviceSend: summarize(serviceSide.samples.send),
      serviceProcess: summarize(serviceSide.samples.process),
    }

    log(`the owner's identity gets ${extraGroups} more groups (service send lists them)`)
    for (let i = 0; i < extraGroups; i++) {
      await client.createGroup(core.owner, `extra-${i}`)
      await service.createGroup(observed.owner, `extra-${i}`)
    }
    const manyGroups = { core: [] as number[], service: [] as number[] }
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < Math.ceil(perRound / 4); i++) {
        let start = performance.now()
        await client.sendMessage(core.sender, plaintext)
        manyGroups.core.push(performance.now() - start)
        start = performance.now()
        await service.sendMessage(observed.sender, plaintext)
        manyGroups.service.push(performance.now() - start)
      }
    }
    const manyCore = summarize(manyGroups.core)
    const manyService = summarize(manyGroups.service)

    await fixture.flush()
    const metricsText = await fixture.registry.metrics()
    const encryptedCounter = /^mls_messages_encrypted(?:_total)? (\d+)/m.exec(metricsText)?.[1]
    const spans = fixture.exportedSpans()
    const events = fixture.deliveredEvents()
    await fixture.close()

    const overhead = (svc: Stats, raw: Stats) => svc.medianMs / raw.medianMs - 1
    const line = (label: string, raw: Stats, svc: Stats) => [
      label,
      String(raw.n),
      fmtMs(raw.medianMs),
      fmtRate(raw.opsPerSec),
      fmtMs(svc.medianMs),
      fmtRate(svc.opsPerSec),
      fmtPercent(overhead(svc, raw)),
      fmtMs(svc.medianMs - raw.medianMs),
    ]
    return {
      tables: [
        {
          title: "raw core vs full MlsService (medians, crypto-node, 1 KiB, 2 members)",
          columns: [
            "operation",
            "n",
            "raw core",
            "msg/s",
            "MlsService",
            "msg/s",
            "overhead",
            "added",
          ],
          rows: [
            line("sendMessage", stats.coreSend, stats.serviceSend),
            line("processMessage", stats.coreProcess, stats.serviceProcess),
            line(`sendMessage, owner has ${extraGroups + 1} groups`, manyCore, manyService),
          ],
        },
      ],
      rows: [
        {
          operation: "sendMessage",
          groupsOfOwner: 1,
          core: stats.coreSend,
          service: stats.serviceSend,
          overhead: overhead(stats.serviceSend, stats.coreSend),
        },
        {
          operation: "processMessage",
          groupsOfOwner: 1,
          core: stats.coreProcess,
          service: stats.serviceProcess,
          overhead: overhead(stats.serviceProcess, stats.coreProcess),
        },
        {
          operation: "sendMessage",
          groupsOfOwner: extraGroups + 1,
          core: manyCore,
          service: manyService,
          overhead: overhead(manyService, manyCore),
        },
      ],
      goals: [
        goal(
          "service-send-overhead",
          "MlsService sendMessage time vs raw core (1 group)",
          1 + overhead(stats.serviceSend, stats.coreSend),
          "<=",
          1.1,
        ),
        goal(
          "service-process-overhead",
          "MlsService processMessage time vs raw core",
          1 + overhead(stats.serviceProcess, stats.coreProcess),
          "<=",
          1.1,
        ),
      ],
      notes: [
        `Observability really ran: ${spans} spans exported (BatchSpanProcessor, no-op exporter), ${events} events delivered to a "*" subscriber, mls_messages_encrypted = ${encryptedCounter ?? "?"}.`,
        "No global OpenTelemetry context manager is registered (an AsyncLocalStorage one would tax both sides' promises alike).",
        `MlsService.sendMessage reads the epoch for its event through client.listGroups(identity) (packages/service/src/mls-service.ts, summary()), which reads and copies every group record of the identity; the last row shows that cost with ${extraGroups + 1} groups (not a goal).`,
      ],
    }
  },
}
