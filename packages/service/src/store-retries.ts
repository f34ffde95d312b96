/**
 * A store behind a retry strategy, honouring the store contract: a
 * retryable error may follow a write that committed, so a write is never
 * simply repeated. Reads retry freely. Before a write is tried again, the
 * store is read and compared with what the failed attempt wrote: when the
 * write is there, it committed and its result is returned; otherwise the
 * write runs again and the store itself answers Conflict or NotFound as the
 * contract says. Per method:
 *
 * - `getIdentity`, `listIdentities`, `getKeyPackage`, `listKeyPackages`,
 *   `getGroup`, `listGroups`, `countActiveGroups`: reads, retried.
 * - `updateIdentityMetadata`: replaces the whole map, so repeating it is
 *   harmless; retried.
 * - `createIdentity`: committed when the stored identity equals the record.
 * - `addKeyPackages`: committed when every ref is stored with the same key
 *   package and sealed keys.
 * - `consumeKeyPackage`: the record is read first (absent: undefined, as the
 *   store would say). A last-resort package is never deleted, so the consume
 *   is retried. Otherwise, after a failure, a package that is gone was
 *   consumed by the failed attempt and the record read first is returned.
 * - `createGroup`: committed when the stored group is at version 1 with the
 *   same identity, epoch and state bytes; the stored record is returned.
 * - `updateGroup`: committed when the stored group is at `expectedVersion` + 1
 *   with exactly the state bytes written (sealed states never repeat); the
 *   stored record is returned. Still at `expectedVersion`: tried again.
 *   Anything else: the retried write answers Conflict (or GroupNotFound).
 * - `deleteIdentity`, `deleteGroup`: whether the record existed is read
 *   first; after a failure, a record that is gone was deleted.
 * - `close`: never retried.
 */
import type { IdentityRecord, KeyPackageRecord, MlsStore } from "@mlskit/core"
import { type DeliveryCapableStore, isDeliveryCapable } from "./delivery-backend.js"
import type { RetryStrategy } from "./resilience.js"

/** Wrap a store in a retry strategy: reads retry, writes reload and compare before another attempt. */
export function withRetries(store: MlsStore, strategy: RetryStrategy): MlsStore {
  const retried = <T>(fn: () => Promise<T>): Promise<T> => strategy.execute(fn)
  const write = <T>(attempt: () => Promise<T>, committed: () => Promise<Committed<T>>) =>
    writeOnce(strategy, attempt, committed)
  return {
    getIdentity: (id) => retried(() => store.getIdentity(id)),
    listIdentities: () => retried(() => store.listIdentities()),
    getKeyPackage: (ref) => retried(() => store.getKeyPackage(ref)),
    listKeyPackages: (identityId) => retried(() => store.listKeyPackages(identityId)),
    getGroup: (id) => retried(() => store.getGroup(id)),
    listGroups: (identityId) => retried(() => store.listGroups(identityId)),
    countActiveGroups: () => retried(() => store.countActiveGroups()),
    updateIdentityMetadata: (id, metadata) =>
      retried(() => store.updateIdentityMetadata(id, metadata)),

    createIdentity: (record) =>
      write(
        () => store.createIdentity(record),
        async () =>
          sameIdentity(await store.getIdentity(record.id), record) ? done(undefined) : retry,
      ),

    addKeyPackages: (records) =>
      write(
        () => store.addKeyPackages(records),
        async () => {
          for (const record of records) {
            if (!sameKeyPackage(await store.getKeyPackage(record.ref), record)) return retry
          }
          return done(undefined)
        },
      ),

    async consumeKeyPackage(ref) {
      const before = await retried(() => store.getKeyPackage(ref))
      if (before === undefined) return undefined
      if (before.lastResort) return retried(() => store.consumeKeyPackage(ref))
      return write(
        () => store.consumeKeyPackage(ref),
        async () => ((await store.getKeyPackage(ref)) === undefined ? done(before) : retry),
      )
    },

    createGroup: (record) =>
      write(
        () => store.createGroup(record),
        async () => {
          const stored = await store.getGroup(record.id)
          const same =
            stored?.version === 1 &&
            stored.identityId === record.identityId &&
            stored.epoch === record.epoch &&
            equalBytes(stored.state, record.state)
          return same ? done(stored) : retry
        },
      ),

    updateGroup: (id, expectedVersion, update) =>
      write(
        () => store.updateGroup(id, expectedVersion, update),
        async () => {
          const stored = await store.getGroup(id)
          const same =
            stored?.version === expectedVersion + 1 &&
            stored.epoch === update.epoch &&
            equalBytes(stored.state, update.state)
          return same ? done(stored) : retry
        },
      ),

    async deleteIdentity(id) {
      const existed = (await retried(() => store.getIdentity(id))) !== undefined
      return write(
        () => store.deleteIdentity(id),
        async () => ((await store.getIdentity(id)) === undefined ? done(existed) : retry),
      )
    },

    async deleteGroup(id) {
      const existed = (await retried(() => store.getGroup(id))) !== undefined
      return write(
        () => store.deleteGroup(id),
        async () => ((await store.getGroup(id)) === undefined ? done(existed) : retry),
      )
    },

    // Optional in the contract: handed on only where the store has it.
    ...(store.deleteKeyPackage
      ? {
          deleteKeyPackage: async (ref: string) => {
            const remove = store.deleteKeyPackage?.bind(store) as (ref: string) => Promise<boolean>
            const existed = (await retried(() => store.getKeyPackage(ref))) !== undefined
            return write(
              () => remove(ref),
              async () => ((await store.getKeyPackage(ref)) === undefined ? done(existed) : retry),
            )
          },
        }
      : {}),
    close: () => store.close(),
    // The group log and delivery store keep their own atomicity (dedupe ids,
    // idempotent inbox keys): they are handed through as the store made them.
    ...deliveryTablesOf(store),
  }
}

function deliveryTablesOf(store: MlsStore): Partial<DeliveryCapableStore> {
  if (!isDeliveryCapable(store)) return {}
  return {
    groupLog: (options) => store.groupLog(options),
    deliveryStore: () => store.deliveryStore(),
  }
}

/** What a reload after a failed write found: the write's result, or that it must run again. */
type Committed<T> = { value: T } | typeof retry

const retry = "retry" as const

const done = <T>(value: T): { value: T } => ({ value })

/**
 * Run `attempt` through the strategy; every attempt after a transient
 * failure first asks `committed` whether the failed one landed after all.
 * The reload runs inside the strategy, so a failing reload is retried too.
 */
function writeOnce<T>(
  strategy: RetryStrategy,
  attempt: () => Promise<T>,
  committed: () => Promise<Committed<T>>,
): Promise<T> {
  let failedBefore = false
  return strategy.execute(async () => {
    if (failedBefore) {
      const found = await committed()
      if (found !== retry) return found.value
    }
    failedBefore = true
    return attempt()
  })
}

function sameIdentity(stored: IdentityRecord | undefined, record: IdentityRecord): boolean {
  return (
    stored !== undefined &&
    stored.name === record.name &&
    stored.ciphersuite === record.ciphersuite &&
    equalBytes(stored.signaturePublicKey, record.signaturePublicKey) &&
    equalBytes(stored.sealedSignatureKey, record.sealedSignatureKey)
  )
}

function sameKeyPackage(stored: KeyPackageRecord | undefined, record: KeyPackageRecord): boolean {
  return (
    stored !== undefined &&
    stored.identityId === record.identityId &&
    equalBytes(stored.keyPackage, record.keyPackage) &&
    equalBytes(stored.sealedPrivateKeys, record.sealedPrivateKeys)
  )
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
