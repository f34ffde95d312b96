/** The prepared SQL statements of the SQLite group log, one per step. */
import type Database from "better-sqlite3"

/** A group's head row. */
export interface HeadRow {
  last_seq: number
  trimmed_through: number
}

/** An entry row. */
export interface EntryRow {
  seq: number
  kind: string
  epoch: number
  message: Buffer
  dedupe_id: string
  time: number
  voided: number
}

/** What a dedupe id appended, from the entries or the fence. */
export interface KnownRow {
  seq: number
  kind: string
  epoch: number
  voided: number
}

/** The group log's statements on one connection. */
export interface GroupLogStatements {
  head: Database.Statement<[string], HeadRow>
  heads: Database.Statement<[string], { group_key: string; last_seq: number }>
  insertHead: Database.Statement<[string]>
  setHead: Database.Statement<{ group_key: string; last_seq: number; trimmed_through: number }>
  firstFresh: Database.Statement<
    { group_key: string; after: number; cutoff: number },
    { seq: number | null }
  >
  deleteThrough: Database.Statement<[string, number]>
  knownEntry: Database.Statement<[string, string], KnownRow>
  knownWinner: Database.Statement<[string, string], KnownRow>
  winner: Database.Statement<[string, number], { seq: number }>
  insertEntry: Database.Statement<{
    group_key: string
    seq: number
    kind: string
    epoch: number
    message: Uint8Array
    dedupe_id: string
    time: number
  }>
  insertWinner: Database.Statement<{
    group_key: string
    epoch: number
    seq: number
    dedupe_id: string
  }>
  entry: Database.Statement<[string, number], EntryRow>
  voidEntry: Database.Statement<[string, number]>
  deleteWinner: Database.Statement<[string, number, number]>
  read: Database.Statement<[string, number, number], EntryRow>
}

/** Prepares the group log's statements on `db` (its schema at version 2 or later). */
export function prepareGroupLogStatements(db: Database.Database): GroupLogStatements {
  return {
    head: db.prepare("SELECT last_seq, trimmed_through FROM log_heads WHERE group_key = ?"),
    heads: db.prepare(
      "SELECT group_key, last_seq FROM log_heads WHERE group_key IN (SELECT value FROM json_each(?))",
    ),
    insertHead: db.prepare(
      "INSERT INTO log_heads (group_key, last_seq, trimmed_through) VALUES (?, 0, 0)",
    ),
    setHead: db.prepare(
      "UPDATE log_heads SET last_seq = :last_seq, trimmed_through = :trimmed_through WHERE group_key = :group_key",
    ),
    firstFresh: db.prepare(
      "SELECT min(seq) AS seq FROM log_entries WHERE group_key = :group_key AND seq > :after AND time >= :cutoff",
    ),
    deleteThrough: db.prepare("DELETE FROM log_entries WHERE group_key = ? AND seq <= ?"),
    knownEntry: db.prepare(
      "SELECT seq, kind, epoch, voided FROM log_entries WHERE group_key = ? AND dedupe_id = ?",
    ),
    knownWinner: db.prepare(
      "SELECT seq, 'commit' AS kind, epoch, 0 AS voided FROM log_fence WHERE group_key = ? AND dedupe_id = ?",
    ),
    winner: db.prepare("SELECT seq FROM log_fence WHERE group_key = ? AND epoch = ?"),
    insertEntry: db.prepare(
      `INSERT INTO log_entries (group_key, seq, kind, epoch, message, dedupe_id, time)
       VALUES (:group_key, :seq, :kind, :epoch, :message, :dedupe_id, :time)`,
    ),
    insertWinner: db.prepare(
      "INSERT INTO log_fence (group_key, epoch, seq, dedupe_id) VALUES (:group_key, :epoch, :seq, :dedupe_id)",
    ),
    entry: db.prepare(
      "SELECT seq, kind, epoch, message, dedupe_id, time, voided FROM log_entries WHERE group_key = ? AND seq = ?",
    ),
    voidEntry: db.prepare("UPDATE log_entries SET voided = 1 WHERE group_key = ? AND seq = ?"),
    deleteWinner: db.prepare("DELETE FROM log_fence WHERE group_key = ? AND epoch = ? AND seq = ?"),
    read: db.prepare(
      `SELECT seq, kind, epoch, message, dedupe_id, time, voided FROM log_entries
       WHERE group_key = ? AND seq > ? AND voided = 0 ORDER BY seq LIMIT ?`,
    ),
  }
}
