/**
 * Hosted delivery under benchmark: an MlsService with `[delivery] driver =
 * "store"` on a fresh memory or SQLite store, built as `startMlsService`
 * builds it for that config (crypto-node, cache of 10,000 groups, pino at
 * info to a null stream, its own Registry, no tracer provider: OpenTelemetry's
 * no-op API) but keeping the delivery backend, so a benchmark can append to
 * the group log directly. Beside it, raw core MlsClients (no hooks) on a
 * store of the same kind: the baseline members that process the same
 * ciphertexts.
 */
import { Writable } from "node:stream"
import {
  exportSnapshot,
  generateStateKey,
  importSnapshot,
  type LocalGroupId,
  localGroupId,
  MlsClient,
} from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import { createLogger, type DeliveryBackend, deliveryBackendFor, MlsService } from "@mlskit/service"
import { Registry } from "prom-client"
import { type OpenedStore, openStore } from "./stores.js"

/** The store kinds the delivery benchmarks run on. */
export type DeliveryStoreKind = "memory" | "sqlite"

/** The store kinds to run: `BENCH_DELIVERY_STORES` ("memory", "sqlite" or both, comma-separated), default both. */
export function deliveryStoreKinds(env: NodeJS.ProcessEnv = process.env): DeliveryStoreKind[] {
  const raw = env.BENCH_DELIVERY_STORES ?? "memory,sqlite"
  const kinds = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  for (const kind of kinds)
    if (kind !== "memory" && kind !== "sqlite")
      throw new Error(`BENCH_DELIVERY_STORES: unknown store ${JSON.stringify(kind)}`)
  if (kinds.length === 0) throw new Error("BENCH_DELIVERY_STORES names no store")
  return kinds as DeliveryStoreKind[]
}

/** A started service with hosted delivery, and what it runs on. */
export interface DeliveryFixture {
  kind: DeliveryStoreKind
  service: MlsService
  backend: DeliveryBackend
  registry: Registry
  stateKey: string
  opened: OpenedStore
  close(): Promise<void>
}

/** The service's default group cache (`[storage] cache_size`). */
const SERVICE_CACHE_SIZE = 10_000

/** Start an MlsService with hosted delivery on a fresh store of `kind`. */
export async function startDeliveryService(kind: DeliveryStoreKind): Promise<DeliveryFixture> {
  const opened = await openFresh(kind)
  const stateKey = generateStateKey()
  const registry = new Registry()
  const backend = deliveryBackendFor(opened.store)
  const service = await new MlsService({
    store: opened.store,
    stateKey,
    logger: createLogger({ level: "info", destination: nullStream() }),
    registry,
    client: { cryptoProvider: nodeCryptoProvider, cacheSize: SERVICE_CACHE_SIZE },
    delivery: { backend },
  }).init()
  await service.recovered()
  return {
    kind,
    service,
    backend,
    registry,
    stateKey,
    opened,
    async close() {
      await service.delivery?.idle()
      await service.shutdown.shutdown()
      await opened.close()
    },
  }
}

/** A raw core MlsClient (no hooks) on its own fresh store of `kind`. */
export interface RawClient {
  client: MlsClient
  stateKey: string
  opened: OpenedStore
  close(): Promise<void>
}

/** A raw MlsClient on crypto-node and a fresh store of `kind`. */
export async function rawClient(
  kind: DeliveryStoreKind,
  stateKey: string = generateStateKey(),
): Promise<RawClient> {
  const opened = await openFresh(kind)
  const client = new MlsClient({
    store: opened.store,
    stateKey,
    cryptoProvider: nodeCryptoProvider,
    cacheSize: SERVICE_CACHE_SIZE,
  })
  return { client, stateKey, opened, close: () => opened.close() }
}

/**
 * A copy of a raw client's whole store (snapshot export and import) in a new
 * store of the same kind: another member at exactly the same state, to
 * process the same ciphertexts again.
 */
export async function copyRawClient(raw: RawClient, kind: DeliveryStoreKind): Promise<RawClient> {
  const { bytes } = await exportSnapshot(raw.opened.store, raw.stateKey)
  const copy = await rawClient(kind, raw.stateKey)
  await importSnapshot(copy.opened.store, raw.stateKey, bytes)
  return copy
}

/** A raw member waiting to be added: its client, identity and one key package. */
export interface RawMember {
  raw: RawClient
  identityId: string
  keyPackage: Uint8Array
}

/** A raw identity with one key package, for a hosted group to add by key package. */
export async function rawMember(kind: DeliveryStoreKind, name: string): Promise<RawMember> {
  const raw = await rawClient(kind)
  const identity = await raw.client.createIdentity(name)
  const [keyPackage] = await raw.client.generateKeyPackages(identity.id, 1)
  if (!keyPackage) throw new Error("no key package generated")
  return { raw, identityId: identity.id, keyPackage }
}

/** A hosted group: the creator's local group id, every hosted member's, and the MLS group id. */
export interface HostedGroup {
  mlsGroupId: Uint8Array
  creator: LocalGroupId
  /** Every hosted member's local group id, the creator first. */
  members: LocalGroupId[]
  /** Identity id of each entry of `members`. */
  identities: string[]
}

/**
 * Create `count` hosted identities and a group of all of them: the first
 * creates it and adds the others by name in commits of `batch` (hosted
 * newcomers join by themselves). `extraKeyPackages` (raw members) go into the
 * last commit, whose Welcome is returned for them.
 */
export async function hostedGroup(
  service: MlsService,
  tag: string,
  count: number,
  options: { batch?: number; extraKeyPackages?: Uint8Array[] } = {},
): Promise<{ group: HostedGroup; welcome: Uint8Array | undefined }> {
  const batch = options.batch ?? 50
  const identities: { id: string; name: string }[] = []
  for (let i = 0; i < count; i++) {
    const name = `${tag}-${i}`
    identities.push({ id: (await service.createIdentity(name)).id, name })
  }
  const [first, ...others] = identities
  if (!first) throw new Error("a group needs a member")
  const creator = await service.createGroup(first.id, tag)
  const mlsGroupId = (await service.client.group(creator)).mlsGroupId
  const batches: string[][] = []
  for (let i = 0; i < others.length; i += batch)
    batches.push(others.slice(i, i + batch).map((m) => m.name))
  const extra = options.extraKeyPackages ?? []
  if (batches.length === 0 && extra.length > 0) batches.push([])
  let welcome: Uint8Array | undefined
  for (const [i, names] of batches.entries()) {
    const last = i === batches.length - 1
    const added = await service.deliverAdd(creator, {
      ...(names.length > 0 ? { identities: names } : {}),
      ...(last && extra.length > 0 ? { keyPackages: extra } : {}),
    })
    if (last) welcome = added.welcome
  }
  await service.delivery?.idle()
  const members = identities.map((m) => localGroupId(m.id, mlsGroupId))
  return {
    group: { mlsGroupId, creator, members, identities: identities.map((m) => m.id) },
    welcome,
  }
}

/**
 * Check that every hosted member is at the same epoch with the same epoch
 * authenticator; returns the epoch, or undefined when they differ.
 */
export async function convergedEpoch(
  service: MlsService,
  members: readonly LocalGroupId[],
): Promise<number | undefined> {
  let epoch: number | undefined
  let authenticator: string | undefined
  for (const id of members) {
    const details = await service.client.group(id)
    const auth = Buffer.from(await service.client.epochAuthenticator(id)).toString("hex")
    if (epoch === undefined) {
      epoch = details.epoch
      authenticator = auth
    } else if (details.epoch !== epoch || auth !== authenticator) {
      return undefined
    }
  }
  return epoch
}

/** Read an identity's whole inbox and count its `message` entries per group. */
export async function countInboxMessages(
  service: MlsService,
  identityId: string,
  groupId: LocalGroupId,
): Promise<number> {
  let after = 0
  let messages = 0
  for (;;) {
    const page = await service.readInbox(identityId, { after, limit: 1000 })
    if (page.length === 0) return messages
    for (const entry of page) if (entry.type === "message" && entry.groupId === groupId) messages++
    after = page[page.length - 1]?.cursor ?? after
  }
}

/** Current value of a counter without labels on `registry` (0 when absent). */
export async function counterValue(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name)
  if (!metric) return 0
  const { values } = await metric.get()
  return values.reduce((sum, v) => sum + v.value, 0)
}

async function openFresh(kind: DeliveryStoreKind): Promise<OpenedStore> {
  const result = await openStore(kind, "")
  if (!("opened" in result)) throw new Error(`${kind} store unavailable: ${result.skipped}`)
  return result.opened
}

function nullStream(): Writable {
  return new Writable({ write: (_chunk, _enc, done) => done() })
}
