/**
 * PostgresGroupLog: the group log of `@mlskit/delivery` in a store schema,
 * safe with several instances. An append or void is one transaction that
 * first locks the group's head row (`SELECT ... FOR UPDATE`), so for one
 * group they run one at a time across every connection: the dedupe lookup,
 * the fence check and the insert see one state and seqs have no gaps. The
 * fence's primary key (group, epoch) and the unique (group, dedupe id) back
 * this up in the schema. Reads run in one REPEATABLE READ snapshot, so
 * retention cannot delete entries between the fell-behind check and the
 * read.
 *
 * Waiting: appends of this process wake waiters at once (AppendNotifier);
 * appends of other instances are found by polling the heads of the groups
 * that have waiters, one query per interval (default 250 ms) per log, not
 * LISTEN/NOTIFY: polling needs no dedicated connection, works through
 * transaction-pooling proxies and cannot lose a wake-up when a connection
 * drops, at the price of up to one interval of delay across instances.
 */
import { InvalidInputError, NotFoundError, StorageError } from "@mlskit/core"
import {
  AppendNotifier,
  type AppendOptions,
  type AppendResult,
  CommitConflictError,
  checkMaxMessageBytes,
  checkReadOptions,
  checkRetention,
  checkSeq,
  checkWait,
  DEFAULT_MAX_MESSAGE_BYTES,
  type EntryKind,
  FellBehindError,
  type GroupLog,
  groupKey,
  type LogEntry,
  type LogHead,
  PolledAppendWaits,
  prepareAppend,
  type ReadOptions,
  type RetentionPolicy,
  type WaitOptions,
} from "@mlskit/delivery"
import type { Pool, PoolClient } from "pg"
import { toStorageError } from "./pg-errors.js"
import { inTransaction } from "./pg-transaction.js"
import type { TableNames } from "./sql-names.js"

/** Options of a PostgresGroupLog. */
export interface PostgresGroupLogOptions {
  /** Per-group retention (default: keep everything). */
  retention?: RetentionPolicy
  /** Refuse longer messages with InvalidInputError (default DEFAULT_MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number
  /** The clock for entry times and age retention, in ms since the Unix epoch (default Date.now). */
  now?: () => number
  /** How often waits look for appends of other instances, in ms (default 250). */
  pollIntervalMs?: number
}

interface Head {
  lastSeq: number
  trimmedThrough: number
}

interface EntryRow {
  seq: string
  kind: string
  epoch: string
  message: Buffer
  dedupe_id: string
  time: string
  voided: boolean
}

/** A GroupLog in a PostgreSQL store schema. Get one with `store.groupLog()`. */
export class PostgresGroupLog implements GroupLog {
  private readonly retention: RetentionPolicy
  private readonly maxMessageBytes: number
  private readonly now: () => number
  private readonly notifier = new AppendNotifier()
  private readonly waits: PolledAppendWaits
  private closed = false

  /** A log on `pool` in the schema of `t` (migrated to version 2 or later). */
  constructor(
    private readonly pool: Pool,
    private readonly t: TableNames,
    options: PostgresGroupLogOptions = {},
  ) {
    this.retention = checkRetention(options.retention)
    this.maxMessageBytes = checkMaxMessageBytes(
      options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    )
    this.now = options.now ?? Date.now
    this.waits = new PolledAppendWaits({
      notifier: this.notifier,
      intervalMs: checkSeq(options.pollIntervalMs ?? 250, "pollIntervalMs"),
      lastSeqs: (keys) => this.lastSeqs(keys),
    })
  }

  /** Append a public or private message of `groupId`; CommitConflictError when a commit loses the fence. */
  async append(
    groupId: Uint8Array,
    message: Uint8Array,
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const p = prepareAppend(groupId, message, options, this.maxMessageBytes)
    this.assertOpen()
    const result = await inTransaction(this.pool, "group log append", "BEGIN", async (c) => {
      await c.query(
        `INSERT INTO ${this.t.logHeads} (group_key, last_seq, trimmed_through)
         VALUES ($1, 0, 0) ON CONFLICT (group_key) DO NOTHING`,
        [p.groupKey],
      )
      const time = this.now()
      const locked = await this.lockHead(c, p.groupKey)
      const head = await this.trim(c, p.groupKey, locked as Head, time)
      const known = await this.known(c, p.groupKey, p.dedupeId)
      if (known !== undefined) return { ...known, dedupeId: p.dedupeId, duplicate: true }
      if (p.kind === "commit") {
        const { rows } = await c.query<{ seq: string }>(
          `SELECT seq FROM ${this.t.logFence} WHERE group_key = $1 AND epoch = $2`,
          [p.groupKey, p.epoch],
        )
        if (rows[0] !== undefined) throw new CommitConflictError(p.epoch, Number(rows[0].seq))
      }
      const seq = head.lastSeq + 1
      await c.query(
        `INSERT INTO ${this.t.logEntries} (group_key, seq, kind, epoch, message, dedupe_id, time)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [p.groupKey, seq, p.kind, p.epoch, p.message, p.dedupeId, time],
      )
      if (p.kind === "commit") {
        await c.query(
          `INSERT INTO ${this.t.logFence} (group_key, epoch, seq, dedupe_id) VALUES ($1, $2, $3, $4)`,
          [p.groupKey, p.epoch, seq, p.dedupeId],
        )
      }
      await this.trim(c, p.groupKey, { lastSeq: seq, trimmedThrough: head.trimmedThrough }, time)
      const { kind, epoch, dedupeId } = p
      return { seq, kind, epoch, dedupeId, duplicate: false, voided: false }
    })
    if (!result.duplicate) this.notifier.notify(p.groupKey, result.seq)
    return result
  }

  /** Live entries after `after`, oldest first; FellBehindError when retention trimmed some of them. */
  async read(groupId: Uint8Array, options?: ReadOptions): Promise<LogEntry[]> {
    const key = groupKey(groupId)
    const { after, limit } = checkReadOptions(options)
    this.assertOpen()
    return inTransaction(this.pool, "group log read", SNAPSHOT, async (c) => {
      const head = await this.readHead(c, key)
      if (head === undefined) return []
      const trimmed = await this.trimmedThrough(c, key, head, this.now())
      if (after < trimmed) throw new FellBehindError(trimmed + 1)
      const { rows } = await c.query<EntryRow>(
        `SELECT seq, kind, epoch, message, dedupe_id, time FROM ${this.t.logEntries}
         WHERE group_key = $1 AND seq > $2 AND NOT voided ORDER BY seq LIMIT $3`,
        [key, after, limit],
      )
      return rows.map(entryFromRow)
    })
  }

  /** The group's last seq and oldest readable seq (0 and 1 for a group never appended to). */
  async head(groupId: Uint8Array): Promise<LogHead> {
    const key = groupKey(groupId)
    this.assertOpen()
    return inTransaction(this.pool, "group log head", SNAPSHOT, async (c) => {
      const head = await this.readHead(c, key)
      if (head === undefined) return { lastSeq: 0, oldestSeq: 1 }
      const trimmed = await this.trimmedThrough(c, key, head, this.now())
      return { lastSeq: head.lastSeq, oldestSeq: trimmed + 1 }
    })
  }

  /** Void the live commit at `seq` so its epoch's slot reopens; voiding it again is a no-op. */
  async voidCommit(groupId: Uint8Array, seq: number): Promise<void> {
    const key = groupKey(groupId)
    checkSeq(seq)
    this.assertOpen()
    await inTransaction(this.pool, "group log void", "BEGIN", async (c) => {
      const locked = await this.lockHead(c, key)
      if (locked === undefined || seq > locked.lastSeq) {
        throw new NotFoundError("no log entry with this seq")
      }
      const head = await this.trim(c, key, locked, this.now())
      if (seq <= head.trimmedThrough) {
        throw new NotFoundError("the log entry was trimmed by retention")
      }
      const { rows } = await c.query<{ kind: string; epoch: string; voided: boolean }>(
        `SELECT kind, epoch, voided FROM ${this.t.logEntries} WHERE group_key = $1 AND seq = $2`,
        [key, seq],
      )
      const entry = rows[0]
      if (entry === undefined) throw new StorageError("postgres: a retained log entry is missing")
      if (entry.kind !== "commit") throw new InvalidInputError("only a commit can be voided")
      if (entry.voided) return
      await c.query(
        `UPDATE ${this.t.logEntries} SET voided = true WHERE group_key = $1 AND seq = $2`,
        [key, seq],
      )
      await c.query(
        `DELETE FROM ${this.t.logFence} WHERE group_key = $1 AND epoch = $2 AND seq = $3`,
        [key, entry.epoch, seq],
      )
    })
  }

  /** Resolve true once the group's last seq exceeds `afterSeq`, false at the timeout. */
  async waitForAppend(
    groupId: Uint8Array,
    afterSeq: number,
    options: WaitOptions,
  ): Promise<boolean> {
    const key = groupKey(groupId)
    const checked = checkWait(afterSeq, options)
    this.assertOpen()
    return this.waits.wait(key, afterSeq, checked)
  }

  /** Stops background waits; the pool stays open (it belongs to the store or to you). */
  async close(): Promise<void> {
    this.closed = true
    this.waits.close()
  }

  private async lockHead(c: PoolClient, key: string): Promise<Head | undefined> {
    return this.readHead(c, key, " FOR UPDATE")
  }

  private async readHead(c: PoolClient, key: string, lock = ""): Promise<Head | undefined> {
    const { rows } = await c.query<{ last_seq: string; trimmed_through: string }>(
      `SELECT last_seq, trimmed_through FROM ${this.t.logHeads} WHERE group_key = $1${lock}`,
      [key],
    )
    const row = rows[0]
    if (row === undefined) return undefined
    return { lastSeq: Number(row.last_seq), trimmedThrough: Number(row.trimmed_through) }
  }

  /** How far retention reaches at `time`: the stored point, the count limit, the age limit. */
  private async trimmedThrough(c: PoolClient, key: string, head: Head, time: number) {
    const { maxEntries, maxAgeMs } = this.retention
    let through = head.trimmedThrough
    if (maxEntries !== undefined) through = Math.max(through, head.lastSeq - maxEntries)
    if (maxAgeMs !== undefined && through < head.lastSeq) {
      const { rows } = await c.query<{ seq: string | null }>(
        `SELECT min(seq) AS seq FROM ${this.t.logEntries}
         WHERE group_key = $1 AND seq > $2 AND time >= $3`,
        [key, through, time - maxAgeMs],
      )
      const fresh = rows[0]?.seq
      through = fresh === null || fresh === undefined ? head.lastSeq : Number(fresh) - 1
    }
    return through
  }

  /** Applies retention at `time` under the head lock: deletes trimmed entries, keeps the fence. */
  private async trim(c: PoolClient, key: string, head: Head, time: number): Promise<Head> {
    const through = await this.trimmedThrough(c, key, head, time)
    if (through > head.trimmedThrough) {
      await c.query(`DELETE FROM ${this.t.logEntries} WHERE group_key = $1 AND seq <= $2`, [
        key,
        through,
      ])
    }
    await c.query(
      `UPDATE ${this.t.logHeads} SET last_seq = $2, trimmed_through = $3 WHERE group_key = $1`,
      [key, head.lastSeq, through],
    )
    return { lastSeq: head.lastSeq, trimmedThrough: through }
  }

  /** What `dedupeId` appended: a retained entry, or a fence winner whose entry was trimmed. */
  private async known(c: PoolClient, key: string, dedupeId: string) {
    const { rows } = await c.query<{ seq: string; kind: string; epoch: string; voided: boolean }>(
      `SELECT seq, kind, epoch, voided FROM ${this.t.logEntries}
         WHERE group_key = $1 AND dedupe_id = $2
       UNION ALL
       SELECT seq, 'commit', epoch, false FROM ${this.t.logFence}
         WHERE group_key = $1 AND dedupe_id = $2
       LIMIT 1`,
      [key, dedupeId],
    )
    const row = rows[0]
    if (row === undefined) return undefined
    const kind = row.kind as EntryKind
    return { seq: Number(row.seq), kind, epoch: Number(row.epoch), voided: row.voided }
  }

  private async lastSeqs(keys: string[]): Promise<Map<string, number>> {
    try {
      const { rows } = await this.pool.query<{ group_key: string; last_seq: string }>(
        `SELECT group_key, last_seq FROM ${this.t.logHeads} WHERE group_key = ANY($1)`,
        [keys],
      )
      return new Map(rows.map((r) => [r.group_key, Number(r.last_seq)]))
    } catch (error) {
      throw toStorageError(error, "group log wait")
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError("postgres: group log is closed")
  }
}

/** A snapshot for reads: head and entries from one moment. */
const SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

function entryFromRow(row: EntryRow): LogEntry {
  return {
    seq: Number(row.seq),
    kind: row.kind as EntryKind,
    epoch: Number(row.epoch),
    message: new Uint8Array(row.message),
    dedupeId: row.dedupe_id,
    time: Number(row.time),
  }
}
