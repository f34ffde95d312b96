/**
 * SqliteDeliveryStore: the `DeliveryStore` of `@mlskit/delivery` in a store
 * file, on the store's connection (`store.deliveryStore()`). Every write is
 * one IMMEDIATE transaction, which takes the file's write lock before its
 * first read: an append's dedupe lookup, cursor (the identity's head row)
 * and insert, and a claim's pick and mark, each see one state and commit
 * in order, also when several connections or processes share the file.
 * A roster update is one `UPDATE ... WHERE version = ?` in such a
 * transaction, so of two updates at one version (any connection) one moves
 * the row and the other finds it moved. Reads are single statements (one
 * snapshot each).
 */
import {
  ConflictError,
  InvalidInputError,
  type KeyPackageRecord,
  NotFoundError,
  StorageError,
} from "@mlskit/core"
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
  type DeliveryStore,
  type HostedMember,
  type InboxAppendResult,
  type InboxReadOptions,
  type InboxRecord,
  type InboxRetention,
  type NewInboxRecord,
  type RosterRecord,
  type WelcomeRecord,
} from "@mlskit/delivery"
import type Database from "better-sqlite3"
import {
  type DeliveryStatements,
  type InboxRow,
  prepareDeliveryStatements,
  type RosterRow,
  type WelcomeRow,
} from "./delivery-statements.js"
import { bytesFromBlob, keyPackageFromRow } from "./rows.js"
import { toStorageError } from "./sqlite-errors.js"

/** A DeliveryStore in a SQLite store file. Get one with `store.deliveryStore()`. */
export class SqliteDeliveryStore implements DeliveryStore {
  private readonly sql: DeliveryStatements
  /** Inbox records staged per local group id for its next state write. */
  private readonly staged = new Map<string, NewInboxRecord[]>()

  /** A delivery store on `db`, a connection opened by this package (its schema migrated). */
  constructor(private readonly db: Database.Database) {
    this.sql = this.run("prepare", () => prepareDeliveryStatements(db))
  }

  async appendInbox(record: NewInboxRecord): Promise<InboxAppendResult> {
    const r = checkNewInboxRecord(record)
    return this.write("append to inbox", () => this.insertInbox(r))
  }

  /**
   * Keep inbox records to be written inside the next `updateGroup` of
   * `groupId` on this store (one transaction with the state and its applied
   * cursor, so an apply commits once); replaces records staged before.
   */
  stageInbox(groupId: string, records: NewInboxRecord[]): void {
    const checked = records.map(checkNewInboxRecord)
    if (checked.some((r) => r.groupId !== groupId))
      throw new InvalidInputError("staged inbox records belong to another group")
    this.staged.set(groupId, checked)
  }

  /** Drop records staged for `groupId` that no state write took. */
  unstageInbox(groupId: string): void {
    this.staged.delete(groupId)
  }

  /**
   * For the store's `updateGroup`, inside its transaction after the state
   * write: insert what was staged for the group (then forget it).
   */
  writeStagedInbox(groupId: string): void {
    const records = this.staged.get(groupId)
    if (!records) return
    this.staged.delete(groupId)
    for (const record of records) this.insertInbox(record)
  }

  /** Insert one checked record unless its key is stored; runs inside a transaction. */
  private insertInbox(r: NewInboxRecord): InboxAppendResult {
    if (this.sql.identityExists.get(r.identityId) === undefined) {
      throw new NotFoundError("identity not found")
    }
    const stored = this.sql.storedCursor.get(r.identityId, r.groupId, r.seq, r.part)
    if (stored !== undefined) return { cursor: stored.cursor, duplicate: true }
    const next = this.sql.nextCursor.get(r.identityId)
    if (next === undefined) throw new StorageError("sqlite: the inbox head returned no cursor")
    const cursor = next.last_cursor
    this.sql.insertEntry.run({
      identity_id: r.identityId,
      cursor,
      group_id: r.groupId,
      seq: r.seq,
      part: r.part,
      type: r.type,
      epoch: r.epoch,
      time: r.time,
      payload: r.payload,
    })
    return { cursor, duplicate: false }
  }

  async readInbox(identityId: string, options?: InboxReadOptions): Promise<InboxRecord[]> {
    checkIdentityId(identityId)
    const { after, limit } = checkInboxReadOptions(options)
    return this.run("read inbox", () =>
      this.sql.read.all(identityId, after, limit).map(inboxFromRow),
    )
  }

  async inboxHead(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    return this.run("read inbox head", () => this.sql.head.get(identityId)?.last_cursor ?? 0)
  }

  async inboxDepth(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    return this.run("count inbox", () => this.sql.depth.get(identityId)?.count ?? 0)
  }

  async trimInboxes(retention: InboxRetention, now: number): Promise<number> {
    const { maxEntries, maxAgeMs } = checkInboxRetention(retention)
    checkNow(now)
    return this.write("trim inboxes", () => {
      // Count first: it ranks the entries held when the trim starts.
      let deleted = 0
      if (maxEntries !== undefined) deleted += this.sql.trimByCount.run(maxEntries).changes
      if (maxAgeMs !== undefined) deleted += this.sql.trimByAge.run(now - maxAgeMs).changes
      return deleted
    })
  }

  async deleteInbox(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    return this.write("delete inbox", () => this.sql.deleteInbox.run(identityId).changes)
  }

  async claimKeyPackage(identityId: string, now: number): Promise<KeyPackageRecord | undefined> {
    checkIdentityId(identityId)
    checkNow(now)
    return this.write("claim key package", () => {
      const free = this.sql.oldestUnclaimed.get(identityId)
      if (free !== undefined) {
        this.sql.markClaimed.run(now, free.ref)
        return keyPackageFromRow(free)
      }
      const lastResort = this.sql.oldestLastResort.get(identityId)
      return lastResort && keyPackageFromRow(lastResort)
    })
  }

  async keyPackageStock(identityId: string): Promise<{ unclaimed: number; lastResort: boolean }> {
    checkIdentityId(identityId)
    return this.run("count key packages", () => {
      const row = this.sql.stock.get(identityId)
      return { unclaimed: row?.unclaimed ?? 0, lastResort: row?.last_resort === 1 }
    })
  }

  async listHostedMembers(mlsGroupId: Uint8Array): Promise<HostedMember[]> {
    const id = checkMlsGroupId(mlsGroupId)
    return this.run("list hosted members", () =>
      this.sql.members.all(id).map((row) => ({ groupId: row.id, identityId: row.identity_id })),
    )
  }

  async putWelcome(record: WelcomeRecord): Promise<{ duplicate: boolean }> {
    const w = checkWelcomeRecord(record)
    return this.write("put welcome", () => {
      if (this.sql.identityExists.get(w.identityId) === undefined) {
        throw new NotFoundError("identity not found")
      }
      const { changes } = this.sql.insertWelcome.run({
        identity_id: w.identityId,
        id: w.id,
        mls_group_id: w.mlsGroupId,
        welcome: w.welcome,
        created_at: w.createdAt,
      })
      return { duplicate: changes === 0 }
    })
  }

  async listWelcomes(identityId: string, options?: { limit?: number }): Promise<WelcomeRecord[]> {
    checkIdentityId(identityId)
    const { limit } = checkWelcomeListOptions(options)
    return this.run("list welcomes", () =>
      this.sql.listWelcomes.all(identityId, limit).map(welcomeFromRow),
    )
  }

  async deleteWelcome(identityId: string, id: string): Promise<boolean> {
    checkIdentityId(identityId)
    checkWelcomeId(id)
    return this.write(
      "delete welcome",
      () => this.sql.deleteWelcome.run(identityId, id).changes > 0,
    )
  }

  async deleteWelcomes(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    return this.write("delete welcomes", () => this.sql.deleteWelcomes.run(identityId).changes)
  }

  async trimWelcomes(maxAgeMs: number, now: number): Promise<number> {
    checkMaxAgeMs(maxAgeMs)
    checkNow(now)
    return this.write("trim welcomes", () => this.sql.trimWelcomes.run(now - maxAgeMs).changes)
  }

  async getRoster(mlsGroupId: Uint8Array): Promise<RosterRecord | undefined> {
    const id = checkMlsGroupId(mlsGroupId)
    return this.run("read roster", () => {
      const row = this.sql.getRoster.get(id)
      return row && rosterFromRow(row)
    })
  }

  async createRoster(
    mlsGroupId: Uint8Array,
    state: Uint8Array,
    now: number,
  ): Promise<RosterRecord> {
    const id = checkMlsGroupId(mlsGroupId)
    const copy = checkRosterState(state)
    checkNow(now)
    return this.write("create roster", () => {
      const row = this.sql.createRoster.get(id, copy, now)
      if (row === undefined) {
        throw new ConflictError("the group already has a roster record", { retryable: false })
      }
      return rosterFromRow(row)
    })
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
    return this.write("update roster", () => {
      const row = this.sql.updateRoster.get(copy, now, id, expectedVersion)
      if (row !== undefined) return rosterFromRow(row)
      const current = this.sql.getRoster.get(id)
      if (current === undefined) throw new NotFoundError("the group has no roster record")
      throw new ConflictError(
        `the roster record is at version ${current.version}, not ${expectedVersion}`,
        { retryable: true },
      )
    })
  }

  private run<T>(action: string, body: () => T): T {
    if (!this.db.open) throw new StorageError("sqlite: store is closed")
    try {
      return body()
    } catch (error) {
      throw toStorageError(error, `delivery store ${action}`)
    }
  }

  /** Runs `body` in one IMMEDIATE transaction, rolled back if it throws. */
  private write<T>(action: string, body: () => T): T {
    return this.run(action, () => this.db.transaction(body).immediate())
  }
}

function inboxFromRow(row: InboxRow): InboxRecord {
  return {
    cursor: row.cursor,
    identityId: row.identity_id,
    groupId: row.group_id,
    seq: row.seq,
    part: row.part,
    type: row.type,
    epoch: row.epoch,
    time: row.time,
    payload: bytesFromBlob(row.payload),
  }
}

function welcomeFromRow(row: WelcomeRow): WelcomeRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    mlsGroupId: bytesFromBlob(row.mls_group_id),
    welcome: bytesFromBlob(row.welcome),
    createdAt: row.created_at,
  }
}

function rosterFromRow(row: RosterRow): RosterRecord {
  return {
    mlsGroupId: bytesFromBlob(row.mls_group_id),
    version: row.version,
    state: bytesFromBlob(row.state),
    updatedAt: row.updated_at,
  }
}
