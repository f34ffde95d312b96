/**
 * `InMemoryDeliveryStore`: the DeliveryStore in process memory, next to any
 * MlsStore (core's `InMemoryStore` in tests and single-process use). Inboxes
 * and the claimed set live here; key packages, identities and groups are
 * read from the MlsStore. Atomic within one process: an append does its
 * dedupe lookup, cursor and insert without an await in between, and claims
 * of one identity run one at a time (a KeyedQueue), so the list they pick
 * from is never older than the previous claim's mark. Welcomes and roster
 * records live here too; a roster update compares and writes its version
 * without an await in between, so of two racing updates one wins.
 */
import {
  ConflictError,
  KeyedQueue,
  type KeyPackageRecord,
  type MlsStore,
  NotFoundError,
  toBase64Url,
} from "@mlskit/core"
import type {
  DeliveryStore,
  HostedMember,
  InboxAppendResult,
  InboxReadOptions,
  InboxRecord,
  InboxRetention,
  NewInboxRecord,
  RosterRecord,
  WelcomeRecord,
} from "./delivery-store.js"
import {
  checkExpectedVersion,
  checkIdentityId,
  checkInboxReadOptions,
  checkInboxRetention,
  checkMaxAgeMs,
  checkMlsGroupId,
  checkNewInboxRecord,
  checkNow,
  checkRosterState,
  checkWelcomeId,
  checkWelcomeListOptions,
  checkWelcomeRecord,
} from "./delivery-store-arguments.js"

/** One identity's inbox: entries in cursor order and the cursor of each stored key. */
interface Inbox {
  lastCursor: number
  entries: InboxRecord[]
  keys: Map<string, number>
}

/** The idempotency key of an entry: (groupId, seq, part) within its identity. */
const entryKey = (r: NewInboxRecord): string => JSON.stringify([r.groupId, r.seq, r.part])

const copyRecord = (r: InboxRecord): InboxRecord => ({ ...r, payload: new Uint8Array(r.payload) })

const copyWelcome = (w: WelcomeRecord): WelcomeRecord => ({
  ...w,
  mlsGroupId: new Uint8Array(w.mlsGroupId),
  welcome: new Uint8Array(w.welcome),
})

const copyRoster = (r: RosterRecord): RosterRecord => ({
  ...r,
  mlsGroupId: new Uint8Array(r.mlsGroupId),
  state: new Uint8Array(r.state),
})

/** Oldest Welcome first: by creation time, then by id (code units, as the SQL drivers' binary order). */
const welcomeByAge = (a: WelcomeRecord, b: WelcomeRecord): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Oldest first: by creation time, then by ref. */
const byAge = (a: KeyPackageRecord, b: KeyPackageRecord): number =>
  a.createdAt - b.createdAt || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)

/** A DeliveryStore in process memory over `store`. */
export class InMemoryDeliveryStore implements DeliveryStore {
  private readonly inboxes = new Map<string, Inbox>()
  /** Per identity: claimed key package refs and when they were claimed. */
  private readonly claims = new Map<string, Map<string, number>>()
  private readonly claimQueue = new KeyedQueue()
  /** Per identity: its waiting Welcomes by id. */
  private readonly welcomes = new Map<string, Map<string, WelcomeRecord>>()
  /** Roster records by base64url MLS group id. */
  private readonly rosters = new Map<string, RosterRecord>()

  constructor(private readonly store: MlsStore) {}

  async appendInbox(record: NewInboxRecord): Promise<InboxAppendResult> {
    const r = checkNewInboxRecord(record)
    if ((await this.store.getIdentity(r.identityId)) === undefined) {
      throw new NotFoundError("identity not found")
    }
    // From here on no await: the lookup, the cursor and the insert are one step.
    const inbox = this.inboxOf(r.identityId)
    const key = entryKey(r)
    const known = inbox.keys.get(key)
    if (known !== undefined) return { cursor: known, duplicate: true }
    const cursor = inbox.lastCursor + 1
    inbox.lastCursor = cursor
    inbox.entries.push({ cursor, ...r })
    inbox.keys.set(key, cursor)
    return { cursor, duplicate: false }
  }

  async readInbox(identityId: string, options?: InboxReadOptions): Promise<InboxRecord[]> {
    checkIdentityId(identityId)
    const { after, limit } = checkInboxReadOptions(options)
    const inbox = this.inboxes.get(identityId)
    if (inbox === undefined) return []
    const out: InboxRecord[] = []
    for (const entry of inbox.entries) {
      if (entry.cursor <= after) continue
      out.push(copyRecord(entry))
      if (out.length === limit) break
    }
    return out
  }

  async inboxHead(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    return this.inboxes.get(identityId)?.lastCursor ?? 0
  }

  async inboxDepth(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    return this.inboxes.get(identityId)?.entries.length ?? 0
  }

  async trimInboxes(retention: InboxRetention, now: number): Promise<number> {
    const { maxEntries, maxAgeMs } = checkInboxRetention(retention)
    checkNow(now)
    let deleted = 0
    for (const inbox of this.inboxes.values()) {
      const keepFrom = maxEntries === undefined ? 0 : inbox.entries.length - maxEntries
      const kept = inbox.entries.filter(
        (e, i) => i >= keepFrom && (maxAgeMs === undefined || e.time >= now - maxAgeMs),
      )
      deleted += inbox.entries.length - kept.length
      inbox.entries = kept
      inbox.keys = new Map(kept.map((e) => [entryKey(e), e.cursor]))
    }
    return deleted
  }

  async deleteInbox(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    const inbox = this.inboxes.get(identityId)
    if (inbox === undefined) return 0
    const deleted = inbox.entries.length
    // The head stays, so cursors are never reused.
    inbox.entries = []
    inbox.keys.clear()
    return deleted
  }

  async claimKeyPackage(identityId: string, now: number): Promise<KeyPackageRecord | undefined> {
    checkIdentityId(identityId)
    checkNow(now)
    return this.claimQueue.run(identityId, async () => {
      const packages = await this.store.listKeyPackages(identityId)
      const claimed = this.claimsOf(identityId, packages)
      const free = packages.filter((p) => !p.lastResort && !claimed.has(p.ref)).sort(byAge)
      const pick = free[0]
      if (pick !== undefined) {
        claimed.set(pick.ref, now)
        this.claims.set(identityId, claimed)
        return pick
      }
      return packages.filter((p) => p.lastResort).sort(byAge)[0]
    })
  }

  async keyPackageStock(identityId: string): Promise<{ unclaimed: number; lastResort: boolean }> {
    checkIdentityId(identityId)
    return this.claimQueue.run(identityId, async () => {
      const packages = await this.store.listKeyPackages(identityId)
      const claimed = this.claimsOf(identityId, packages)
      return {
        unclaimed: packages.filter((p) => !p.lastResort && !claimed.has(p.ref)).length,
        lastResort: packages.some((p) => p.lastResort),
      }
    })
  }

  async listHostedMembers(mlsGroupId: Uint8Array): Promise<HostedMember[]> {
    const wanted = toBase64Url(checkMlsGroupId(mlsGroupId))
    const groups = await this.store.listGroups()
    return groups
      .filter((g) => toBase64Url(g.mlsGroupId) === wanted)
      .map((g) => ({ groupId: g.id, identityId: g.identityId }))
  }

  async putWelcome(record: WelcomeRecord): Promise<{ duplicate: boolean }> {
    const w = checkWelcomeRecord(record)
    if ((await this.store.getIdentity(w.identityId)) === undefined) {
      throw new NotFoundError("identity not found")
    }
    // From here on no await: the lookup and the insert are one step.
    let held = this.welcomes.get(w.identityId)
    if (held === undefined) {
      held = new Map()
      this.welcomes.set(w.identityId, held)
    }
    if (held.has(w.id)) return { duplicate: true }
    held.set(w.id, w)
    return { duplicate: false }
  }

  async listWelcomes(identityId: string, options?: { limit?: number }): Promise<WelcomeRecord[]> {
    checkIdentityId(identityId)
    const { limit } = checkWelcomeListOptions(options)
    const held = [...(this.welcomes.get(identityId)?.values() ?? [])]
    return held.sort(welcomeByAge).slice(0, limit).map(copyWelcome)
  }

  async deleteWelcome(identityId: string, id: string): Promise<boolean> {
    checkIdentityId(identityId)
    checkWelcomeId(id)
    const held = this.welcomes.get(identityId)
    if (held === undefined || !held.delete(id)) return false
    if (held.size === 0) this.welcomes.delete(identityId)
    return true
  }

  async deleteWelcomes(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    const deleted = this.welcomes.get(identityId)?.size ?? 0
    this.welcomes.delete(identityId)
    return deleted
  }

  async trimWelcomes(maxAgeMs: number, now: number): Promise<number> {
    checkMaxAgeMs(maxAgeMs)
    checkNow(now)
    const cutoff = now - maxAgeMs
    let deleted = 0
    for (const [identityId, held] of this.welcomes) {
      for (const [id, w] of held) {
        if (w.createdAt >= cutoff) continue
        held.delete(id)
        deleted++
      }
      if (held.size === 0) this.welcomes.delete(identityId)
    }
    return deleted
  }

  async getRoster(mlsGroupId: Uint8Array): Promise<RosterRecord | undefined> {
    const roster = this.rosters.get(toBase64Url(checkMlsGroupId(mlsGroupId)))
    return roster && copyRoster(roster)
  }

  async createRoster(
    mlsGroupId: Uint8Array,
    state: Uint8Array,
    now: number,
  ): Promise<RosterRecord> {
    const id = checkMlsGroupId(mlsGroupId)
    const copy = checkRosterState(state)
    checkNow(now)
    const key = toBase64Url(id)
    if (this.rosters.has(key)) {
      throw new ConflictError("the group already has a roster record", { retryable: false })
    }
    const roster: RosterRecord = { mlsGroupId: id, version: 1, state: copy, updatedAt: now }
    this.rosters.set(key, roster)
    return copyRoster(roster)
  }

  async updateRoster(
    mlsGroupId: Uint8Array,
    expectedVersion: number,
    state: Uint8Array,
    now: number,
  ): Promise<RosterRecord> {
    const id = checkMlsGroupId(mlsGroupId)
    checkExpectedVersion(expectedVersion)
    const copy = checkRosterState(state)
    checkNow(now)
    const key = toBase64Url(id)
    const current = this.rosters.get(key)
    if (current === undefined) throw new NotFoundError("the group has no roster record")
    if (current.version !== expectedVersion) {
      throw new ConflictError(
        `the roster record is at version ${current.version}, not ${expectedVersion}`,
        { retryable: true },
      )
    }
    const roster: RosterRecord = {
      mlsGroupId: id,
      version: current.version + 1,
      state: copy,
      updatedAt: now,
    }
    this.rosters.set(key, roster)
    return copyRoster(roster)
  }

  private inboxOf(identityId: string): Inbox {
    let inbox = this.inboxes.get(identityId)
    if (inbox === undefined) {
      inbox = { lastCursor: 0, entries: [], keys: new Map() }
      this.inboxes.set(identityId, inbox)
    }
    return inbox
  }

  /**
   * The identity's claimed refs, forgetting those no longer in `packages`
   * (consumed or deleted). Safe only inside the identity's claim queue: the
   * list was read after every earlier claim of the identity was marked.
   */
  private claimsOf(identityId: string, packages: KeyPackageRecord[]): Map<string, number> {
    const claimed = this.claims.get(identityId) ?? new Map<string, number>()
    const present = new Set(packages.map((p) => p.ref))
    for (const ref of claimed.keys()) if (!present.has(ref)) claimed.delete(ref)
    if (claimed.size === 0) this.claims.delete(identityId)
    return claimed
  }
}
