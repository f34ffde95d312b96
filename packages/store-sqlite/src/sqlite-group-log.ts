/**
 * SqliteGroupLog: the group log of `@mlskit/delivery` in a store file. Every
 * append and void is one IMMEDIATE transaction (the write lock of the file),
 * so the dedupe lookup, the epoch fence check and the insert see one state,
 * also when several connections or processes share the file. Reads run in
 * one deferred transaction (one snapshot). Retention is applied when it is
 * due: reads and heads compute how far it reaches by the log's clock, and
 * appends and voids delete the trimmed entries (the fence rows stay).
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
import type Database from "better-sqlite3"
import {
  type EntryRow,
  type GroupLogStatements,
  type HeadRow,
  prepareGroupLogStatements,
} from "./group-log-statements.js"
import { openDatabase } from "./open-database.js"
import { toStorageError } from "./sqlite-errors.js"

/** Options of a SqliteGroupLog. */
export interface SqliteGroupLogOptions {
  /** Per-group retention (default: keep everything). */
  retention?: RetentionPolicy
  /** Refuse longer messages with InvalidInputError (default DEFAULT_MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number
  /** The clock for entry times and age retention, in ms since the Unix epoch (default Date.now). */
  now?: () => number
  /** How often waits look for appends of other connections, in ms (default 250). */
  pollIntervalMs?: number
}

/** Options of `openSqliteGroupLog`: a log on its own connection to `path`. */
export interface OpenSqliteGroupLogOptions extends SqliteGroupLogOptions {
  /** The store file (created and migrated like `openSqliteStore` does). */
  path: string
  /** How long a write waits for another connection's lock (default 5000 ms). */
  busyTimeoutMs?: number
  /** Check the file with `PRAGMA quick_check` when opening (default true, as the store does). */
  checkIntegrity?: boolean
}

/** Opens a group log on its own connection to the store file at `options.path`. */
export async function openSqliteGroupLog(
  options: OpenSqliteGroupLogOptions,
): Promise<SqliteGroupLog> {
  const db = openDatabase(options.path, {
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    checkIntegrity: options.checkIntegrity ?? true,
  })
  return new SqliteGroupLog(db, options, true)
}

/** A GroupLog in a SQLite store file. Get one with `store.groupLog()` or `openSqliteGroupLog`. */
export class SqliteGroupLog implements GroupLog {
  private readonly sql: GroupLogStatements
  private readonly retention: RetentionPolicy
  private readonly maxMessageBytes: number
  private readonly now: () => number
  private readonly notifier = new AppendNotifier()
  private readonly waits: PolledAppendWaits
  private closed = false

  /** A log on `db`, a connection opened by this package (its schema migrated). */
  constructor(
    private readonly db: Database.Database,
    options: SqliteGroupLogOptions = {},
    private readonly ownsDatabase = false,
  ) {
    this.retention = checkRetention(options.retention)
    this.maxMessageBytes = checkMaxMessageBytes(
      options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    )
    this.now = options.now ?? Date.now
    const intervalMs = checkSeq(options.pollIntervalMs ?? 250, "pollIntervalMs")
    this.sql = this.run("prepare", () => prepareGroupLogStatements(db))
    this.waits = new PolledAppendWaits({
      notifier: this.notifier,
      intervalMs,
      lastSeqs: async (keys) =>
        this.run("read heads", () => {
          const rows = this.sql.heads.all(JSON.stringify(keys))
          return new Map(rows.map((r) => [r.group_key, r.last_seq]))
        }),
    })
  }

  /** Append a public or private message of `groupId`; CommitConflictError when a commit loses the fence. */
  async append(
    groupId: Uint8Array,
    message: Uint8Array,
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const p = prepareAppend(groupId, message, options, this.maxMessageBytes)
    const result = this.write("append", () => {
      const time = this.now()
      let head = this.sql.head.get(p.groupKey)
      if (head === undefined) {
        this.sql.insertHead.run(p.groupKey)
        head = { last_seq: 0, trimmed_through: 0 }
      }
      head = this.trim(p.groupKey, head, time)
      const known = this.known(p.groupKey, p.dedupeId)
      if (known !== undefined) {
        return { ...known, dedupeId: p.dedupeId, duplicate: true }
      }
      if (p.kind === "commit") {
        const winner = this.sql.winner.get(p.groupKey, p.epoch)
        if (winner !== undefined) throw new CommitConflictError(p.epoch, winner.seq)
      }
      const seq = head.last_seq + 1
      const row = { group_key: p.groupKey, seq, kind: p.kind, epoch: p.epoch }
      this.sql.insertEntry.run({ ...row, message: p.message, dedupe_id: p.dedupeId, time })
      if (p.kind === "commit") this.sql.insertWinner.run({ ...row, dedupe_id: p.dedupeId })
      this.trim(p.groupKey, { last_seq: seq, trimmed_through: head.trimmed_through }, time)
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
    return this.run("read", () =>
      this.db.transaction(() => {
        const head = this.sql.head.get(key)
        if (head === undefined) return []
        const trimmed = this.trimmedThrough(key, head, this.now())
        if (after < trimmed) throw new FellBehindError(trimmed + 1)
        return this.sql.read.all(key, after, limit).map(entryFromRow)
      })(),
    )
  }

  /** The group's last seq and oldest readable seq (0 and 1 for a group never appended to). */
  async head(groupId: Uint8Array): Promise<LogHead> {
    const key = groupKey(groupId)
    return this.run("read head", () =>
      this.db.transaction(() => {
        const head = this.sql.head.get(key)
        if (head === undefined) return { lastSeq: 0, oldestSeq: 1 }
        return { lastSeq: head.last_seq, oldestSeq: this.trimmedThrough(key, head, this.now()) + 1 }
      })(),
    )
  }

  /** Void the live commit at `seq` so its epoch's slot reopens; voiding it again is a no-op. */
  async voidCommit(groupId: Uint8Array, seq: number): Promise<void> {
    const key = groupKey(groupId)
    checkSeq(seq)
    this.write("void commit", () => {
      const stored = this.sql.head.get(key)
      if (stored === undefined || seq > stored.last_seq) {
        throw new NotFoundError("no log entry with this seq")
      }
      const head = this.trim(key, stored, this.now())
      if (seq <= head.trimmed_through) {
        throw new NotFoundError("the log entry was trimmed by retention")
      }
      const entry = this.sql.entry.get(key, seq)
      if (entry === undefined) throw new StorageError("sqlite: a retained log entry is missing")
      if (entry.kind !== "commit") throw new InvalidInputError("only a commit can be voided")
      if (entry.voided === 1) return
      this.sql.voidEntry.run(key, seq)
      this.sql.deleteWinner.run(key, entry.epoch, seq)
    })
  }

  /** Resolve true once the group's last seq exceeds `afterSeq`, false at the timeout. */
  async waitForAppend(
    groupId: Uint8Array,
    afterSeq: number,
    options: WaitOptions,
  ): Promise<boolean> {
    const key = groupKey(groupId)
    return this.waits.wait(key, afterSeq, checkWait(afterSeq, options))
  }

  /** Stops background waits; closes the connection when `openSqliteGroupLog` opened it. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.waits.close()
    if (!this.ownsDatabase) return
    try {
      this.db.close()
    } catch (error) {
      throw toStorageError(error, "group log close")
    }
  }

  /** How far retention reaches at `time`: the stored point, the count limit, the age limit. */
  private trimmedThrough(key: string, head: HeadRow, time: number): number {
    const { maxEntries, maxAgeMs } = this.retention
    let through = head.trimmed_through
    if (maxEntries !== undefined) through = Math.max(through, head.last_seq - maxEntries)
    if (maxAgeMs !== undefined && through < head.last_seq) {
      const fresh = this.sql.firstFresh.get({
        group_key: key,
        after: through,
        cutoff: time - maxAgeMs,
      })
      through = fresh?.seq == null ? head.last_seq : fresh.seq - 1
    }
    return through
  }

  /** Applies retention at `time` (inside a write): deletes trimmed entries, keeps the fence. */
  private trim(key: string, head: HeadRow, time: number): HeadRow {
    const through = this.trimmedThrough(key, head, time)
    if (through > head.trimmed_through) this.sql.deleteThrough.run(key, through)
    const next = { last_seq: head.last_seq, trimmed_through: through }
    this.sql.setHead.run({ group_key: key, ...next })
    return next
  }

  /** What `dedupeId` appended: a retained entry, or a fence winner whose entry was trimmed. */
  private known(
    key: string,
    dedupeId: string,
  ): Pick<AppendResult, "seq" | "kind" | "epoch" | "voided"> | undefined {
    const row = this.sql.knownEntry.get(key, dedupeId) ?? this.sql.knownWinner.get(key, dedupeId)
    if (row === undefined) return undefined
    return { seq: row.seq, kind: row.kind as EntryKind, epoch: row.epoch, voided: row.voided === 1 }
  }

  private run<T>(action: string, body: () => T): T {
    if (this.closed) throw new StorageError("sqlite: group log is closed")
    try {
      return body()
    } catch (error) {
      throw toStorageError(error, `group log ${action}`)
    }
  }

  private write<T>(action: string, body: () => T): T {
    return this.run(action, () => this.db.transaction(body).immediate())
  }
}

function entryFromRow(row: EntryRow): LogEntry {
  return {
    seq: row.seq,
    kind: row.kind as EntryKind,
    epoch: row.epoch,
    message: new Uint8Array(row.message),
    dedupeId: row.dedupe_id,
    time: row.time,
  }
}
