/**
 * PostgresDeliveryStore: the `DeliveryStore` of `@mlskit/delivery` in a
 * store schema, safe with several instances (`store.deliveryStore()`).
 *
 * - An append is one transaction that first locks the identity's head row
 *   (an upsert that changes nothing, which takes the row lock), then looks
 *   up its key, then takes the next cursor from that row and inserts. The
 *   lock is held until commit, so one identity's appends commit in cursor
 *   order: a reader that saw cursor N never later finds a new entry at or
 *   below N, and a repeated key waits for the first and finds it.
 * - A claim is one statement: `UPDATE ... WHERE ref = (SELECT ... LIMIT 1
 *   FOR UPDATE SKIP LOCKED) RETURNING`, so concurrent claimers each lock a
 *   different package and none is handed out twice.
 * - A roster update is one `UPDATE ... WHERE mls_group_id = $1 AND
 *   version = $2 RETURNING`: of two updates at one version, the second
 *   waits for the first's row lock, re-checks the version and matches
 *   nothing, so exactly one wins, across connections and instances.
 */
import { ConflictError, type KeyPackageRecord, NotFoundError, StorageError } from "@mlskit/core"
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
import type { Pool, QueryResult, QueryResultRow } from "pg"
import { pgErrorCode, toStorageError } from "./pg-errors.js"
import { inTransaction } from "./pg-transaction.js"
import { bytesFromBytea, integerFromBigint, type KeyPackageRow, keyPackageFromRow } from "./rows.js"
import type { TableNames } from "./sql-names.js"

interface InboxRow {
  identity_id: string
  cursor: string
  group_id: string
  seq: string
  part: string
  type: string
  epoch: string
  time: string
  payload: Uint8Array
}

interface WelcomeRow {
  identity_id: string
  id: string
  mls_group_id: Uint8Array
  welcome: Uint8Array
  created_at: string
}

interface RosterRow {
  mls_group_id: Uint8Array
  version: string
  state: Uint8Array
  updated_at: string
}

/** A DeliveryStore in a PostgreSQL store schema. Get one with `store.deliveryStore()`. */
export class PostgresDeliveryStore implements DeliveryStore {
  /**
   * A delivery store on `pool` in the schema of `t` (migrated to version 4
   * or later); `isOpen` tells whether the owning store is still open.
   */
  constructor(
    private readonly pool: Pool,
    private readonly t: TableNames,
    private readonly isOpen: () => boolean = () => true,
  ) {}

  async appendInbox(record: NewInboxRecord): Promise<InboxAppendResult> {
    const r = checkNewInboxRecord(record)
    this.assertOpen()
    return inTransaction(this.pool, "inbox append", "BEGIN", async (c) => {
      await c.query(
        `INSERT INTO ${this.t.inboxHeads} AS h (identity_id, last_cursor) VALUES ($1, 0)
         ON CONFLICT (identity_id) DO UPDATE SET last_cursor = h.last_cursor`,
        [r.identityId],
      )
      const stored = await c.query<{ cursor: string }>(
        `SELECT cursor FROM ${this.t.inboxEntries}
         WHERE identity_id = $1 AND group_id = $2 AND seq = $3 AND part = $4`,
        [r.identityId, r.groupId, r.seq, r.part],
      )
      const known = stored.rows[0]
      if (known !== undefined) {
        return { cursor: integerFromBigint(known.cursor, "cursor"), duplicate: true }
      }
      try {
        const { rows } = await c.query<{ cursor: string }>(
          `WITH next AS (
             UPDATE ${this.t.inboxHeads} SET last_cursor = last_cursor + 1
             WHERE identity_id = $1 RETURNING last_cursor
           )
           INSERT INTO ${this.t.inboxEntries}
             (identity_id, cursor, group_id, seq, part, type, epoch, time, payload)
           SELECT $1, last_cursor, $2, $3, $4, $5, $6, $7, $8 FROM next
           RETURNING cursor`,
          [r.identityId, r.groupId, r.seq, r.part, r.type, r.epoch, r.time, r.payload],
        )
        const inserted = rows[0]
        if (inserted === undefined) throw new StorageError("postgres: the inbox head is missing")
        return { cursor: integerFromBigint(inserted.cursor, "cursor"), duplicate: false }
      } catch (error) {
        if (pgErrorCode(error) === "23503") {
          throw new NotFoundError("identity not found", { cause: error })
        }
        throw error
      }
    })
  }

  async readInbox(identityId: string, options?: InboxReadOptions): Promise<InboxRecord[]> {
    checkIdentityId(identityId)
    const { after, limit } = checkInboxReadOptions(options)
    const { rows } = await this.query<InboxRow>(
      "read inbox",
      `SELECT * FROM ${this.t.inboxEntries}
       WHERE identity_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3`,
      [identityId, after, limit],
    )
    return rows.map(inboxFromRow)
  }

  async inboxHead(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    const { rows } = await this.query<{ last_cursor: string }>(
      "read inbox head",
      `SELECT last_cursor FROM ${this.t.inboxHeads} WHERE identity_id = $1`,
      [identityId],
    )
    return rows[0] === undefined ? 0 : integerFromBigint(rows[0].last_cursor, "last_cursor")
  }

  async inboxDepth(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    const { rows } = await this.query<{ count: string }>(
      "count inbox",
      `SELECT count(*) AS count FROM ${this.t.inboxEntries} WHERE identity_id = $1`,
      [identityId],
    )
    return integerFromBigint(rows[0]?.count ?? 0, "count")
  }

  async trimInboxes(retention: InboxRetention, now: number): Promise<number> {
    const { maxEntries, maxAgeMs } = checkInboxRetention(retention)
    checkNow(now)
    this.assertOpen()
    if (maxEntries === undefined && maxAgeMs === undefined) return 0
    return inTransaction(this.pool, "trim inboxes", "BEGIN", async (c) => {
      // Count first: it ranks the entries held when the trim starts.
      let deleted = 0
      if (maxEntries !== undefined) {
        const result = await c.query(
          `DELETE FROM ${this.t.inboxEntries} WHERE (identity_id, cursor) IN (
             SELECT identity_id, cursor FROM (
               SELECT identity_id, cursor,
                 row_number() OVER (PARTITION BY identity_id ORDER BY cursor DESC) AS newness
               FROM ${this.t.inboxEntries}
             ) ranked WHERE newness > $1
           )`,
          [maxEntries],
        )
        deleted += result.rowCount ?? 0
      }
      if (maxAgeMs !== undefined) {
        const result = await c.query(`DELETE FROM ${this.t.inboxEntries} WHERE time < $1`, [
          now - maxAgeMs,
        ])
        deleted += result.rowCount ?? 0
      }
      return deleted
    })
  }

  async deleteInbox(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    const { rowCount } = await this.query(
      "delete inbox",
      `DELETE FROM ${this.t.inboxEntries} WHERE identity_id = $1`,
      [identityId],
    )
    return rowCount ?? 0
  }

  async claimKeyPackage(identityId: string, now: number): Promise<KeyPackageRecord | undefined> {
    checkIdentityId(identityId)
    checkNow(now)
    const claimed = await this.query<KeyPackageRow>(
      "claim key package",
      `UPDATE ${this.t.keyPackages} SET claimed_at = $2
       WHERE ref = (
         SELECT ref FROM ${this.t.keyPackages}
         WHERE identity_id = $1 AND NOT last_resort AND claimed_at IS NULL
         ORDER BY created_at, ref LIMIT 1
         FOR UPDATE SKIP LOCKED
       )
       RETURNING *`,
      [identityId, now],
    )
    if (claimed.rows[0] !== undefined) return keyPackageFromRow(claimed.rows[0])
    const lastResort = await this.query<KeyPackageRow>(
      "claim key package",
      `SELECT * FROM ${this.t.keyPackages} WHERE identity_id = $1 AND last_resort
       ORDER BY created_at, ref LIMIT 1`,
      [identityId],
    )
    return lastResort.rows[0] && keyPackageFromRow(lastResort.rows[0])
  }

  async keyPackageStock(identityId: string): Promise<{ unclaimed: number; lastResort: boolean }> {
    checkIdentityId(identityId)
    const { rows } = await this.query<{ unclaimed: string; last_resort: boolean }>(
      "count key packages",
      `SELECT count(*) FILTER (WHERE NOT last_resort AND claimed_at IS NULL) AS unclaimed,
              coalesce(bool_or(last_resort), false) AS last_resort
       FROM ${this.t.keyPackages} WHERE identity_id = $1`,
      [identityId],
    )
    const row = rows[0]
    return {
      unclaimed: integerFromBigint(row?.unclaimed ?? 0, "unclaimed"),
      lastResort: row?.last_resort === true,
    }
  }

  async listHostedMembers(mlsGroupId: Uint8Array): Promise<HostedMember[]> {
    const id = checkMlsGroupId(mlsGroupId)
    const { rows } = await this.query<{ id: string; identity_id: string }>(
      "list hosted members",
      `SELECT id, identity_id FROM ${this.t.groupStates} WHERE mls_group_id = $1 ORDER BY id`,
      [id],
    )
    return rows.map((row) => ({ groupId: row.id, identityId: row.identity_id }))
  }

  async putWelcome(record: WelcomeRecord): Promise<{ duplicate: boolean }> {
    const w = checkWelcomeRecord(record)
    this.assertOpen()
    try {
      // A racing put of the same key waits for the first and then does nothing.
      const { rowCount } = await this.pool.query(
        `INSERT INTO ${this.t.welcomes} (identity_id, id, mls_group_id, welcome, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (identity_id, id) DO NOTHING`,
        [w.identityId, w.id, w.mlsGroupId, w.welcome, w.createdAt],
      )
      return { duplicate: rowCount === 0 }
    } catch (error) {
      if (pgErrorCode(error) === "23503") {
        throw new NotFoundError("identity not found", { cause: error })
      }
      throw toStorageError(error, "delivery store put welcome")
    }
  }

  async listWelcomes(identityId: string, options?: { limit?: number }): Promise<WelcomeRecord[]> {
    checkIdentityId(identityId)
    const { limit } = checkWelcomeListOptions(options)
    const { rows } = await this.query<WelcomeRow>(
      "list welcomes",
      `SELECT * FROM ${this.t.welcomes} WHERE identity_id = $1
       ORDER BY created_at, id LIMIT $2`,
      [identityId, limit],
    )
    return rows.map(welcomeFromRow)
  }

  async deleteWelcome(identityId: string, id: string): Promise<boolean> {
    checkIdentityId(identityId)
    checkWelcomeId(id)
    const { rowCount } = await this.query(
      "delete welcome",
      `DELETE FROM ${this.t.welcomes} WHERE identity_id = $1 AND id = $2`,
      [identityId, id],
    )
    return (rowCount ?? 0) > 0
  }

  async deleteWelcomes(identityId: string): Promise<number> {
    checkIdentityId(identityId)
    const { rowCount } = await this.query(
      "delete welcomes",
      `DELETE FROM ${this.t.welcomes} WHERE identity_id = $1`,
      [identityId],
    )
    return rowCount ?? 0
  }

  async trimWelcomes(maxAgeMs: number, now: number): Promise<number> {
    checkMaxAgeMs(maxAgeMs)
    checkNow(now)
    const { rowCount } = await this.query(
      "trim welcomes",
      `DELETE FROM ${this.t.welcomes} WHERE created_at < $1`,
      [now - maxAgeMs],
    )
    return rowCount ?? 0
  }

  async getRoster(mlsGroupId: Uint8Array): Promise<RosterRecord | undefined> {
    const id = checkMlsGroupId(mlsGroupId)
    const { rows } = await this.query<RosterRow>(
      "read roster",
      `SELECT * FROM ${this.t.rosters} WHERE mls_group_id = $1`,
      [id],
    )
    return rows[0] && rosterFromRow(rows[0])
  }

  async createRoster(
    mlsGroupId: Uint8Array,
    state: Uint8Array,
    now: number,
  ): Promise<RosterRecord> {
    const id = checkMlsGroupId(mlsGroupId)
    const copy = checkRosterState(state)
    checkNow(now)
    // A racing create of the same group waits for the first and then inserts nothing.
    const { rows } = await this.query<RosterRow>(
      "create roster",
      `INSERT INTO ${this.t.rosters} (mls_group_id, version, state, updated_at)
       VALUES ($1, 1, $2, $3)
       ON CONFLICT (mls_group_id) DO NOTHING
       RETURNING *`,
      [id, copy, now],
    )
    if (rows[0] === undefined) {
      throw new ConflictError("the group already has a roster record", { retryable: false })
    }
    return rosterFromRow(rows[0])
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
    const { rows } = await this.query<RosterRow>(
      "update roster",
      `UPDATE ${this.t.rosters} SET version = version + 1, state = $3, updated_at = $4
       WHERE mls_group_id = $1 AND version = $2
       RETURNING *`,
      [id, expectedVersion, copy, now],
    )
    if (rows[0] !== undefined) return rosterFromRow(rows[0])
    // Nothing matched: absent, or at another version (records are never deleted).
    const current = await this.getRoster(id)
    if (current === undefined) throw new NotFoundError("the group has no roster record")
    throw new ConflictError(
      `the roster record is at version ${current.version}, not ${expectedVersion}`,
      { retryable: true },
    )
  }

  /** Runs one statement with the closed check and error translation. */
  private async query<R extends QueryResultRow = QueryResultRow>(
    action: string,
    text: string,
    values: unknown[],
  ): Promise<QueryResult<R>> {
    this.assertOpen()
    try {
      return await this.pool.query<R>(text, values)
    } catch (error) {
      throw toStorageError(error, `delivery store ${action}`)
    }
  }

  private assertOpen(): void {
    if (!this.isOpen()) throw new StorageError("postgres: store is closed")
  }
}

function inboxFromRow(row: InboxRow): InboxRecord {
  return {
    cursor: integerFromBigint(row.cursor, "cursor"),
    identityId: row.identity_id,
    groupId: row.group_id,
    seq: integerFromBigint(row.seq, "seq"),
    part: integerFromBigint(row.part, "part"),
    type: row.type,
    epoch: integerFromBigint(row.epoch, "epoch"),
    time: integerFromBigint(row.time, "time"),
    payload: bytesFromBytea(row.payload),
  }
}

function welcomeFromRow(row: WelcomeRow): WelcomeRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    mlsGroupId: bytesFromBytea(row.mls_group_id),
    welcome: bytesFromBytea(row.welcome),
    createdAt: integerFromBigint(row.created_at, "created_at"),
  }
}

function rosterFromRow(row: RosterRow): RosterRecord {
  return {
    mlsGroupId: bytesFromBytea(row.mls_group_id),
    version: integerFromBigint(row.version, "version"),
    state: bytesFromBytea(row.state),
    updatedAt: integerFromBigint(row.updated_at, "updated_at"),
  }
}
