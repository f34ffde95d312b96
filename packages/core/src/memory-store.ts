/**
 * An in-process MlsStore for tests, examples and single-process use where
 * durability is not needed. It copies records on the way in and out, so
 * callers can never mutate stored bytes by accident.
 */
import { ConflictError, GroupNotFoundError, NotFoundError, StorageError } from "./errors.js"
import type {
  GroupRecord,
  GroupUpdate,
  IdentityRecord,
  KeyPackageRecord,
  MlsStore,
} from "./store.js"

const cloneBytes = (b: Uint8Array): Uint8Array => new Uint8Array(b)

function cloneIdentity(r: IdentityRecord): IdentityRecord {
  return {
    ...r,
    signaturePublicKey: cloneBytes(r.signaturePublicKey),
    sealedSignatureKey: cloneBytes(r.sealedSignatureKey),
    metadata: { ...r.metadata },
  }
}

function cloneKeyPackage(r: KeyPackageRecord): KeyPackageRecord {
  return {
    ...r,
    keyPackage: cloneBytes(r.keyPackage),
    sealedPrivateKeys: cloneBytes(r.sealedPrivateKeys),
  }
}

/**
 * A caller's copy of a stored group record whose state is copied when it is
 * first read. A state is the bulk of a record, and most reads look at the
 * rest: a delivery fan-out lists every record to find a group's members,
 * core keeps the record a write returns only for its version and metadata.
 * Stored state bytes are never written in place (a write stores a new
 * array), so a copy taken later holds the bytes a copy taken now would.
 */
function groupCopy(r: GroupRecord): GroupRecord {
  // Until the first read, the stored array (a later write replaces it in the
  // store, never changes it); after it, the copy alone.
  let stored: Uint8Array | undefined = r.state
  let state: Uint8Array | undefined
  const copy = { ...r, mlsGroupId: cloneBytes(r.mlsGroupId), metadata: { ...r.metadata } }
  Object.defineProperty(copy, "state", {
    enumerable: true,
    configurable: true,
    get: () => {
      if (stored !== undefined) {
        state = cloneBytes(stored)
        stored = undefined
      }
      return state
    },
    set: (value: Uint8Array) => {
      state = value
      stored = undefined
    },
  })
  return copy
}

/** A stored copy of a caller's group record, every byte copied now. */
function cloneGroup(r: GroupRecord): GroupRecord {
  return {
    ...r,
    mlsGroupId: cloneBytes(r.mlsGroupId),
    state: cloneBytes(r.state),
    metadata: { ...r.metadata },
  }
}

/** A non-durable MlsStore held in memory. */
export class InMemoryStore implements MlsStore {
  private readonly identities = new Map<string, IdentityRecord>()
  private readonly keyPackages = new Map<string, KeyPackageRecord>()
  private readonly groups = new Map<string, GroupRecord>()
  private closed = false

  async createIdentity(record: IdentityRecord): Promise<void> {
    this.assertOpen()
    if (this.identities.has(record.id)) throw new ConflictError("identity already exists")
    this.identities.set(record.id, cloneIdentity(record))
  }

  async getIdentity(id: string): Promise<IdentityRecord | undefined> {
    this.assertOpen()
    const r = this.identities.get(id)
    return r && cloneIdentity(r)
  }

  async listIdentities(): Promise<IdentityRecord[]> {
    this.assertOpen()
    return [...this.identities.values()].sort((a, b) => compare(a.id, b.id)).map(cloneIdentity)
  }

  async updateIdentityMetadata(id: string, metadata: Record<string, string>): Promise<void> {
    this.assertOpen()
    const r = this.identities.get(id)
    if (!r) throw new NotFoundError("identity not found")
    this.identities.set(id, { ...r, metadata: { ...metadata } })
  }

  async deleteIdentity(id: string): Promise<boolean> {
    this.assertOpen()
    if (!this.identities.delete(id)) return false
    for (const [ref, kp] of this.keyPackages) if (kp.identityId === id) this.keyPackages.delete(ref)
    for (const [gid, g] of this.groups) if (g.identityId === id) this.groups.delete(gid)
    return true
  }

  async addKeyPackages(records: KeyPackageRecord[]): Promise<void> {
    this.assertOpen()
    const refs = new Set<string>()
    for (const r of records) {
      if (this.keyPackages.has(r.ref) || refs.has(r.ref))
        throw new ConflictError("key package already exists")
      if (!this.identities.has(r.identityId)) throw new NotFoundError("identity not found")
      refs.add(r.ref)
    }
    for (const r of records) this.keyPackages.set(r.ref, cloneKeyPackage(r))
  }

  async getKeyPackage(ref: string): Promise<KeyPackageRecord | undefined> {
    this.assertOpen()
    const r = this.keyPackages.get(ref)
    return r && cloneKeyPackage(r)
  }

  async listKeyPackages(identityId: string): Promise<KeyPackageRecord[]> {
    this.assertOpen()
    return [...this.keyPackages.values()]
      .filter((r) => r.identityId === identityId)
      .sort((a, b) => compare(a.ref, b.ref))
      .map(cloneKeyPackage)
  }

  async consumeKeyPackage(ref: string): Promise<KeyPackageRecord | undefined> {
    this.assertOpen()
    const r = this.keyPackages.get(ref)
    if (!r) return undefined
    if (!r.lastResort) this.keyPackages.delete(ref)
    return cloneKeyPackage(r)
  }

  async deleteKeyPackage(ref: string): Promise<boolean> {
    this.assertOpen()
    return this.keyPackages.delete(ref)
  }

  async createGroup(record: Omit<GroupRecord, "version" | "updatedAt">): Promise<GroupRecord> {
    this.assertOpen()
    if (this.groups.has(record.id)) throw new ConflictError("group already exists")
    if (!this.identities.has(record.identityId)) throw new NotFoundError("identity not found")
    const stored: GroupRecord = cloneGroup({ ...record, version: 1, updatedAt: Date.now() })
    this.groups.set(record.id, stored)
    return groupCopy(stored)
  }

  async getGroup(id: string): Promise<GroupRecord | undefined> {
    this.assertOpen()
    const r = this.groups.get(id)
    return r && groupCopy(r)
  }

  async listGroups(identityId?: string): Promise<GroupRecord[]> {
    this.assertOpen()
    return [...this.groups.values()]
      .filter((g) => identityId === undefined || g.identityId === identityId)
      .sort((a, b) => compare(a.id, b.id))
      .map(groupCopy)
  }

  async countActiveGroups(): Promise<number> {
    this.assertOpen()
    let count = 0
    for (const g of this.groups.values()) if (g.metadata.status !== "removed") count++
    return count
  }

  async updateGroup(
    id: string,
    expectedVersion: number,
    update: GroupUpdate,
  ): Promise<GroupRecord> {
    this.assertOpen()
    const current = this.groups.get(id)
    if (!current) throw new GroupNotFoundError()
    if (current.version !== expectedVersion) throw new ConflictError("group version changed")
    const next: GroupRecord = {
      ...current,
      version: current.version + 1,
      epoch: update.epoch,
      state: cloneBytes(update.state),
      metadata: update.metadata ? { ...update.metadata } : current.metadata,
      updatedAt: Date.now(),
    }
    this.groups.set(id, next)
    return groupCopy(next)
  }

  async deleteGroup(id: string): Promise<boolean> {
    this.assertOpen()
    return this.groups.delete(id)
  }

  async close(): Promise<void> {
    this.closed = true
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError("store is closed")
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
