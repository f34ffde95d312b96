/**
 * Issue B: latency of single store operations on the in-memory, SQLite and
 * PostgreSQL stores: createGroup, getGroup, updateGroup (compare-and-swap)
 * and consumeKeyPackage, with a real sealed two-member group state as the
 * payload.
 */
import { randomBytes } from "node:crypto"
import {
  type GroupRecord,
  generateStateKey,
  InMemoryStore,
  type KeyPackageRecord,
  localGroupId,
  MlsClient,
  type MlsStore,
} from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import type { Benchmark } from "../lib/benchmark.js"
import { fmtBytes, fmtMs } from "../lib/format.js"
import { GroupFixture } from "../lib/group-fixture.js"
import { collectGarbage } from "../lib/measure.js"
import { pick } from "../lib/options.js"
import { type Stats, summarize } from "../lib/stats.js"
import { openStore, STORE_KINDS, type StoreKind } from "../lib/stores.js"

const OPERATIONS = ["createGroup", "getGroup", "updateGroup (CAS)", "consumeKeyPackage"] as const
type Operation = (typeof OPERATIONS)[number]

/** A real sealed state of a two-member group, as core writes it. */
async function realSealedState(): Promise<Uint8Array> {
  const store = new InMemoryStore()
  const client = new MlsClient({
    store,
    stateKey: generateStateKey(),
    cryptoProvider: nodeCryptoProvider,
  })
  const fx = await GroupFixture.create(client, "payload")
  const record = await store.getGroup(fx.owner)
  if (!record) throw new Error("payload group missing")
  return record.state
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    await fn(i)
    samples.push(performance.now() - start)
  }
  return summarize(samples)
}

async function measureStore(
  store: MlsStore,
  state: Uint8Array,
  n: number,
): Promise<Record<Operation, Stats>> {
  const identityId = `bench${randomBytes(6).toString("hex")}`
  await store.createIdentity({
    id: identityId,
    name: "bench",
    ciphersuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
    signaturePublicKey: randomBytes(32),
    sealedSignatureKey: randomBytes(100),
    metadata: {},
    createdAt: Date.now(),
  })
  const groups: GroupRecord[] = []
  const createGroup = await timeEach(n, async () => {
    const mlsGroupId = new Uint8Array(randomBytes(16))
    groups.push(
      await store.createGroup({
        id: localGroupId(identityId, mlsGroupId),
        identityId,
        mlsGroupId,
        epoch: 0,
        state,
        metadata: { name: "bench", status: "active" },
      }),
    )
  })
  const pickGroup = () => groups[Math.floor(Math.random() * groups.length)] as GroupRecord
  const getGroup = await timeEach(n, () => store.getGroup(pickGroup().id))
  const updateGroup = await timeEach(n, async () => {
    const index = Math.floor(Math.random() * groups.length)
    const g = groups[index] as GroupRecord
    groups[index] = await store.updateGroup(g.id, g.version, { epoch: g.epoch, state })
  })
  const refs: string[] = []
  for (let start = 0; start < n; start += 500) {
    const batch: KeyPackageRecord[] = []
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const ref = randomBytes(32).toString("hex")
      refs.push(ref)
      batch.push({
        ref,
        identityId,
        keyPackage: randomBytes(300),
        sealedPrivateKeys: randomBytes(200),
        lastResort: false,
        createdAt: Date.now(),
      })
    }
    await store.addKeyPackages(batch)
  }
  const consumeKeyPackage = await timeEach(n, async (i) => {
    if (!(await store.consumeKeyPackage(refs[i] as string))) throw new Error("key package missing")
  })
  return { createGroup, getGroup, "updateGroup (CAS)": updateGroup, consumeKeyPackage }
}

export const storeLatencyBenchmark: Benchmark = {
  name: "store-latency",
  description: "per-operation latency of the memory, SQLite and PostgreSQL stores",
  async run(options, log) {
    const n = pick(options, 1000, 5)
    const state = await realSealedState()
    const results = new Map<StoreKind, Record<Operation, Stats>>()
    const notes = [
      `Payload: a real sealed two-member group state (${fmtBytes(state.length)}); n = ${n} per operation, one caller, no concurrency.`,
    ]
    for (const kind of STORE_KINDS) {
      const opened = await openStore(kind, options.postgresUrl)
      if ("skipped" in opened) {
        notes.push(`${kind} column left out: ${opened.skipped}`)
        continue
      }
      notes.push(`${kind}: ${opened.opened.settings}`)
      log(`${kind}: ${n} of each operation`)
      collectGarbage()
      try {
        results.set(kind, await measureStore(opened.opened.store, state, n))
      } finally {
        await opened.opened.close()
      }
    }
    const kinds = [...results.keys()]
    return {
      tables: [
        {
          title: "store operation latency, median (p95)",
          columns: ["operation", "n", ...kinds],
          rows: OPERATIONS.map((op) => [
            op,
            String(n),
            ...kinds.map((k) => {
              const s = results.get(k)?.[op]
              return s ? `${fmtMs(s.medianMs)} (${fmtMs(s.p95Ms)})` : "-"
            }),
          ]),
        },
      ],
      rows: OPERATIONS.flatMap((operation) =>
        kinds.map((store) => ({
          operation,
          store,
          payloadBytes: state.length,
          ...results.get(store)?.[operation],
        })),
      ),
      goals: [],
      notes,
    }
  },
}
