/**
 * Issue A: ts-mls's default provider and @mlskit/crypto-node side by side on
 * suite 1, every operation through MlsClient on an in-memory store (so each
 * state change includes sealing and the CAS write), with the raw node:crypto
 * floor of one message and each result's ratio to it. Issue 17: the message
 * and commit rows also run on OpenMLS (core-crypto's WASM build, through
 * @mlskit/openmls-harness) in the same process, same sizes, same cycle.
 */
import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"
import { measureAddRemove } from "../cases/add-remove.js"
import { measureMessages } from "../cases/messages.js"
import { measureStateCodec } from "../cases/state-codec.js"
import type { Benchmark } from "../lib/benchmark.js"
import { FillerPool } from "../lib/filler-pool.js"
import { fmtBytes, fmtMs } from "../lib/format.js"
import { type Goal, goal } from "../lib/goals.js"
import { GroupFixture } from "../lib/group-fixture.js"
import { collectGarbage, measure } from "../lib/measure.js"
import { OpenMlsLane } from "../lib/openmls-lane.js"
import { type BenchOptions, pick } from "../lib/options.js"
import { ProviderTable } from "../lib/provider-rows.js"
import { type NamedProvider, PROVIDERS, SUITE } from "../lib/providers.js"
import { measureRawFloor } from "../lib/raw-floor.js"
import type { Stats } from "../lib/stats.js"
import type { PrintTable } from "../lib/table.js"

/** Self-updates after each growth step: core retains 4 past epochs, as a long-lived group's state does. */
const RETAINED_EPOCHS = 4

/** One provider's client, store and growing group. */
interface Lane {
  named: NamedProvider
  store: InMemoryStore
  stateKey: string
  client: MlsClient
  fixture?: GroupFixture
}

/** Sizes and iteration counts, full and quick. */
function plan(o: BenchOptions) {
  return {
    floorIterations: pick(o, 3000, 50),
    keyPackages: pick(o, 200, 3),
    createGroups: pick(o, 100, 3),
    messageSizes: [100, 1024, 64 * 1024],
    messageMembers: pick(o, [2, 100], [2, 6]),
    messageIterations: (bytes: number, members: number) =>
      pick(o, bytes > 4096 || members > 2 ? 150 : 300, 3),
    messageWarmup: pick(o, 30, 1),
    commitMembers: pick(o, [10, 100, 1000], [4, 8, 12]),
    removeMembers: pick(o, [100, 1000], [8, 12]),
    commitIterations: (members: number) =>
      pick(o, members >= 1000 ? 5 : members >= 100 ? 12 : 20, 2),
    stateMembers: pick(o, [2, 100, 1000], [2, 8, 12]),
    stateIterations: (members: number) => pick(o, members >= 1000 ? 10 : 100, 3),
  }
}

export const providersBenchmark: Benchmark = {
  name: "providers",
  description: `default provider vs crypto-node on ${SUITE}, through MlsClient (in-memory store)`,
  async run(options, log) {
    const p = plan(options)
    log("raw node:crypto floor")
    const floor = await measureRawFloor(p.floorIterations)
    const table = new ProviderTable(floor)
    const stateRows: Record<string, unknown>[] = []
    const stateTable: PrintTable = {
      title:
        "group state encode/decode (core codec; encode copies memoized parts; core load = cacheSize 0 reload vs cached)",
      columns: [
        "provider",
        "members",
        "encoded",
        "sealed",
        "n",
        "encode",
        "full encode",
        "decode",
        "core reload",
        "core cached",
      ],
      rows: [],
    }
    const fillers = new FillerPool()
    const lanes: Lane[] = PROVIDERS.map((named) => {
      const store = new InMemoryStore()
      const stateKey = generateStateKey()
      return {
        named,
        store,
        stateKey,
        client: new MlsClient({ store, stateKey, cryptoProvider: named.provider }),
      }
    })
    const each = async (what: string, fn: (lane: Lane) => Promise<void>) => {
      for (const lane of lanes) {
        log(`${what} (${lane.named.label})`)
        collectGarbage()
        await fn(lane)
      }
    }
    const OPENMLS = { key: "openmls" } as const
    let openmls: OpenMlsLane | undefined
    const onOpenMls = async (what: string, fn: (lane: OpenMlsLane) => Promise<void>) => {
      log(`${what} (OpenMLS)`)
      collectGarbage()
      if (!openmls) throw new Error("OpenMLS lane not created")
      await fn(openmls)
    }

    await each("generateKeyPackage, createGroup", async (lane) => {
      const identity = await lane.client.createIdentity("bench")
      const kp = await measure(() => lane.client.generateKeyPackages(identity.id, 1), {
        iterations: p.keyPackages,
        warmup: Math.min(10, p.keyPackages),
      })
      table.add(lane.named, "generateKeyPackage", null, null, "send", kp)
      let i = 0
      const cg = await measure(() => lane.client.createGroup(identity.id, `g${i++}`), {
        iterations: p.createGroups,
        warmup: Math.min(5, p.createGroups),
      })
      table.add(lane.named, "createGroup", null, null, "send", cg)
    })
    await each("two-member group", async (lane) => {
      lane.fixture = await GroupFixture.create(lane.client, lane.named.key)
    })
    log("two-member group (OpenMLS)")
    openmls = await OpenMlsLane.create()

    const sizes = [...new Set([...p.messageMembers, ...p.commitMembers, ...p.stateMembers])].sort(
      (a, b) => a - b,
    )
    for (const members of sizes) {
      await each(`grow to ${members} members, ${RETAINED_EPOCHS} self-updates`, async (lane) => {
        await fixtureOf(lane).growTo(members, fillers)
        await fixtureOf(lane).advanceEpochs(RETAINED_EPOCHS)
      })
      await onOpenMls(`grow to ${members} members, ${RETAINED_EPOCHS} self-updates`, async (om) => {
        await om.growTo(members, fillers)
        await om.advanceEpochs(RETAINED_EPOCHS)
      })
      if (p.messageMembers.includes(members)) {
        for (const bytes of p.messageSizes) {
          await each(`messages of ${fmtBytes(bytes)} at ${members} members`, async (lane) => {
            const state = await stateBytes(lane)
            const t = await measureMessages(
              fixtureOf(lane),
              bytes,
              p.messageIterations(bytes, members),
              p.messageWarmup,
            )
            table.add(lane.named, "encrypt (sendMessage)", members, bytes, "send", t.encrypt, state)
            table.add(
              lane.named,
              "decrypt (processMessage)",
              members,
              bytes,
              "receive",
              t.decrypt,
              state,
            )
          })
          await onOpenMls(`messages of ${fmtBytes(bytes)} at ${members} members`, async (om) => {
            const t = await om.measureMessages(
              bytes,
              p.messageIterations(bytes, members),
              p.messageWarmup,
            )
            table.add(OPENMLS, "encrypt (sendMessage)", members, bytes, "send", t.encrypt)
            table.add(OPENMLS, "decrypt (processMessage)", members, bytes, "receive", t.decrypt)
          })
        }
      }
      if (p.commitMembers.includes(members)) {
        const timeRemove = p.removeMembers.includes(members)
        await each(`add-one commit at ${members} members`, async (lane) => {
          const state = await stateBytes(lane)
          const t = await measureAddRemove(fixtureOf(lane), p.commitIterations(members), timeRemove)
          const add = (op: string, floor: "send" | "receive", stats: Stats | undefined) => {
            if (stats) table.add(lane.named, op, members, null, floor, stats, state)
          }
          add("add-one commit", "send", t.add)
          add("process add-one commit", "receive", t.processAdd)
          add("join (new member)", "receive", t.join)
          add("remove-one commit", "send", t.remove)
          add("process remove-one commit", "receive", t.processRemove)
        })
        await onOpenMls(`add-one commit at ${members} members`, async (om) => {
          const t = await om.measureAddRemove(p.commitIterations(members), timeRemove)
          const add = (op: string, floor: "send" | "receive", stats: Stats | undefined) => {
            if (stats) table.add(OPENMLS, op, members, null, floor, stats)
          }
          add("add-one commit", "send", t.add)
          add("process add-one commit", "receive", t.processAdd)
          add("join (new member)", "receive", t.join)
          add("remove-one commit", "send", t.remove)
          add("process remove-one commit", "receive", t.processRemove)
        })
      }
      if (p.stateMembers.includes(members)) {
        await each(`state encode/decode at ${members} members`, async (lane) => {
          const fx = fixtureOf(lane)
          const t = await measureStateCodec(
            {
              store: lane.store,
              stateKey: lane.stateKey,
              cryptoProvider: lane.named.provider,
              client: lane.client,
              groupId: fx.owner,
            },
            p.stateIterations(members),
          )
          stateRows.push({ provider: lane.named.key, members, ...t })
          stateTable.rows.push([
            lane.named.label,
            String(members),
            fmtBytes(t.encodedBytes),
            fmtBytes(t.sealedBytes),
            String(t.encode.n),
            fmtMs(t.encode.medianMs),
            fmtMs(t.fullEncode.medianMs),
            fmtMs(t.decode.medianMs),
            fmtMs(t.reload.medianMs),
            fmtMs(t.cached.medianMs),
          ])
        })
      }
    }

    const goals = [
      ...providerGoals(table, p.messageMembers[0] ?? 2, p.commitMembers.at(-1) ?? 1000),
      ...openMlsGoals(table, p.messageMembers[0] ?? 2, p.removeMembers),
    ]
    return {
      tables: [table.print(`operations through MlsClient, ${SUITE} (medians)`), stateTable],
      rows: [
        { operation: "raw floor", direction: "send", ...floor.send },
        { operation: "raw floor", direction: "receive", ...floor.receive },
        ...table.rows.map((r) => ({ ...r })),
        ...stateRows.map((r) => ({ operation: "state codec", ...r })),
      ],
      goals,
      notes: [
        "Every row goes through MlsClient: each state change is encoded, sealed (AES-256-GCM) and CAS-written to an InMemoryStore before it returns.",
        "Raw floor: one Ed25519 sign (send) or verify (receive), two AES-128-GCM and five HMAC-SHA256 over 1 KiB on node:crypto with keys already imported. def/floor and cn/floor divide each median by the send or receive floor.",
        "Group sizes stay constant in the commit rows: each cycle adds one member, the new member joins, and the member is removed again (that removal is the remove-one row).",
        `Filler members are added 250 per commit during setup (key packages made on the default provider: wire format, validated by the provider under test); then ${RETAINED_EPOCHS} self-updates, so the state holds the past epochs core retains, as a long-lived group's does. "state" is the owner's sealed state size when the row was measured; every state change re-seals all of it; core encodes only the parts it changed (tree nodes, the secret tree, a new past epoch; memoized per immutable ts-mls object) and copies the bytes of the rest.`,
        "OpenMLS column: Wire's @wireapp/core-crypto 10.3.0 from npm (OpenMLS compiled to WASM, its browser build; loaded in this process by @mlskit/openmls-harness, which defines `window` and serves the .wasm from a file: URL during initialisation only) on the same suite with basic credentials. Its group is grown to the same sizes with the same filler key packages and the same self-updates; the commit rows run the same add/join/remove cycle (the removal by client id: core-crypto has no removal by leaf index). core-crypto keeps its state in its own in-memory keystore (written inside each transaction, never encrypted): its rows include no AES-GCM sealing and no mlskit store write, while every mlskit row encodes, seals and CAS-writes the whole state. cn/OpenMLS = crypto-node median / OpenMLS median (below 1: crypto-node is faster).",
        "State encode/decode: core's (unpublished) codec on the real state. encode = encodeState of the decoded state, every part memoized (what a write pays for what it left unchanged: copying), full encode = ts-mls's canonical encodeGroupState of everything; core reload = cacheSize 0 client (store read + AES-GCM open + decode), cached = the owning client's LRU hit.",
      ],
    }
  },
}

/** Size of the owner's sealed state in the lane's store. */
async function stateBytes(lane: Lane): Promise<number | null> {
  return (await lane.store.getGroup(fixtureOf(lane).owner))?.state.length ?? null
}

function fixtureOf(lane: Lane): GroupFixture {
  if (!lane.fixture) throw new Error("fixture not created")
  return lane.fixture
}

/** Issue 17: crypto-node's time as a fraction of OpenMLS's. */
function openMlsGoals(
  table: ProviderTable,
  messageMembers: number,
  commitMembers: readonly number[],
): Goal[] {
  const goals: Goal[] = []
  for (const [op, label] of [
    ["encrypt (sendMessage)", "encrypt"],
    ["decrypt (processMessage)", "decrypt"],
  ] as const) {
    const ratio = table.get(op, messageMembers, 1024)?.cryptoNodeVsOpenMls
    if (ratio !== undefined) {
      goals.push(
        goal(
          `crypto-node-vs-openmls-${label}`,
          `crypto-node ${label} 1 KiB (${messageMembers} members) time / OpenMLS time`,
          ratio,
          "<=",
          0.6,
        ),
      )
    }
  }
  for (const [op, slug] of [
    ["add-one commit", "add"],
    ["process add-one commit", "process-add"],
    ["remove-one commit", "remove"],
    ["process remove-one commit", "process-remove"],
  ] as const) {
    for (const members of commitMembers) {
      const ratio = table.get(op, members, null)?.cryptoNodeVsOpenMls
      if (ratio !== undefined) {
        goals.push(
          goal(
            `crypto-node-vs-openmls-${slug}-${members}`,
            `crypto-node ${op} at ${members} members time / OpenMLS time`,
            ratio,
            "<=",
            1,
          ),
        )
      }
    }
  }
  return goals
}

function providerGoals(
  table: ProviderTable,
  messageMembers: number,
  commitMembers: number,
): Goal[] {
  const goals: Goal[] = []
  for (const [op, label] of [
    ["encrypt (sendMessage)", "encrypt"],
    ["decrypt (processMessage)", "decrypt"],
  ] as const) {
    const row = table.get(op, messageMembers, 1024)
    if (row?.speedup !== undefined) {
      goals.push(
        goal(
          `crypto-node-${label}-speedup`,
          `crypto-node ${label} 1 KiB (${messageMembers} members) messages/s vs default`,
          row.speedup,
          ">=",
          5,
        ),
      )
    }
    if (row?.cryptoNodeVsFloor !== undefined) {
      goals.push(
        goal(
          `crypto-node-${label}-floor`,
          `crypto-node ${label} 1 KiB time vs raw node:crypto floor`,
          row.cryptoNodeVsFloor,
          "<=",
          3,
        ),
      )
    }
  }
  const commit = table.get("add-one commit", commitMembers, null)
  if (commit?.speedup !== undefined) {
    goals.push(
      goal(
        "crypto-node-commit-1000",
        `crypto-node add-one commit at ${commitMembers} members, fraction of default's time`,
        1 / commit.speedup,
        "<=",
        0.25,
      ),
    )
  }
  return goals
}
