/** The prepared SQL statements of the SQLite delivery store, one per step. */
import type Database from "better-sqlite3"
import type { KeyPackageRow } from "./rows.js"

/** An inbox entry row. */
export interface InboxRow {
  identity_id: string
  cursor: number
  group_id: string
  seq: number
  part: number
  type: string
  epoch: number
  time: number
  payload: Uint8Array
}

/** Parameters of an inbox entry insert. */
export type InboxParams = InboxRow

/** A Welcome row. */
export interface WelcomeRow {
  identity_id: string
  id: string
  mls_group_id: Uint8Array
  welcome: Uint8Array
  created_at: number
}

/** A roster row. */
export interface RosterRow {
  mls_group_id: Uint8Array
  version: number
  state: Uint8Array
  updated_at: number
}

type Stmt<P extends unknown[], R = unknown> = Database.Statement<P, R>

/** The delivery store's statements on one connection. */
export interface DeliveryStatements {
  identityExists: Stmt<[string], { found: number }>
  storedCursor: Stmt<[string, string, number, number], { cursor: number }>
  nextCursor: Stmt<[string], { last_cursor: number }>
  insertEntry: Stmt<[InboxParams]>
  read: Stmt<[string, number, number], InboxRow>
  head: Stmt<[string], { last_cursor: number }>
  depth: Stmt<[string], { count: number }>
  deleteInbox: Stmt<[string]>
  trimByCount: Stmt<[number]>
  trimByAge: Stmt<[number]>
  oldestUnclaimed: Stmt<[string], KeyPackageRow>
  markClaimed: Stmt<[number, string]>
  oldestLastResort: Stmt<[string], KeyPackageRow>
  stock: Stmt<[string], { unclaimed: number; last_resort: number }>
  members: Stmt<[Uint8Array], { id: string; identity_id: string }>
  insertWelcome: Stmt<[WelcomeRow]>
  listWelcomes: Stmt<[string, number], WelcomeRow>
  deleteWelcome: Stmt<[string, string]>
  deleteWelcomes: Stmt<[string]>
  trimWelcomes: Stmt<[number]>
  getRoster: Stmt<[Uint8Array], RosterRow>
  createRoster: Stmt<[Uint8Array, Uint8Array, number], RosterRow>
  /** (state, updatedAt, mlsGroupId, expectedVersion) */
  updateRoster: Stmt<[Uint8Array, number, Uint8Array, number], RosterRow>
}

/** Prepares the delivery store's statements on `db` (its schema at version 4 or later). */
export function prepareDeliveryStatements(db: Database.Database): DeliveryStatements {
  return {
    identityExists: db.prepare("SELECT 1 AS found FROM identities WHERE id = ?"),
    storedCursor: db.prepare(
      `SELECT cursor FROM inbox_entries
       WHERE identity_id = ? AND group_id = ? AND seq = ? AND part = ?`,
    ),
    nextCursor: db.prepare(
      `INSERT INTO inbox_heads (identity_id, last_cursor) VALUES (?, 1)
       ON CONFLICT (identity_id) DO UPDATE SET last_cursor = last_cursor + 1
       RETURNING last_cursor`,
    ),
    insertEntry: db.prepare(
      `INSERT INTO inbox_entries (identity_id, cursor, group_id, seq, part, type, epoch, time, payload)
       VALUES (@identity_id, @cursor, @group_id, @seq, @part, @type, @epoch, @time, @payload)`,
    ),
    read: db.prepare(
      "SELECT * FROM inbox_entries WHERE identity_id = ? AND cursor > ? ORDER BY cursor LIMIT ?",
    ),
    head: db.prepare("SELECT last_cursor FROM inbox_heads WHERE identity_id = ?"),
    depth: db.prepare("SELECT count(*) AS count FROM inbox_entries WHERE identity_id = ?"),
    deleteInbox: db.prepare("DELETE FROM inbox_entries WHERE identity_id = ?"),
    trimByCount: db.prepare(
      `DELETE FROM inbox_entries WHERE (identity_id, cursor) IN (
         SELECT identity_id, cursor FROM (
           SELECT identity_id, cursor,
             row_number() OVER (PARTITION BY identity_id ORDER BY cursor DESC) AS newness
           FROM inbox_entries
         ) WHERE newness > ?
       )`,
    ),
    trimByAge: db.prepare("DELETE FROM inbox_entries WHERE time < ?"),
    oldestUnclaimed: db.prepare(
      `SELECT * FROM key_packages
       WHERE identity_id = ? AND last_resort = 0 AND claimed_at IS NULL
       ORDER BY created_at, ref LIMIT 1`,
    ),
    markClaimed: db.prepare("UPDATE key_packages SET claimed_at = ? WHERE ref = ?"),
    oldestLastResort: db.prepare(
      `SELECT * FROM key_packages WHERE identity_id = ? AND last_resort = 1
       ORDER BY created_at, ref LIMIT 1`,
    ),
    stock: db.prepare(
      `SELECT coalesce(sum(last_resort = 0 AND claimed_at IS NULL), 0) AS unclaimed,
              coalesce(max(last_resort), 0) AS last_resort
       FROM key_packages WHERE identity_id = ?`,
    ),
    members: db.prepare(
      "SELECT id, identity_id FROM group_states WHERE mls_group_id = ? ORDER BY id",
    ),
    insertWelcome: db.prepare(
      `INSERT INTO welcomes (identity_id, id, mls_group_id, welcome, created_at)
       VALUES (@identity_id, @id, @mls_group_id, @welcome, @created_at)
       ON CONFLICT (identity_id, id) DO NOTHING`,
    ),
    listWelcomes: db.prepare(
      "SELECT * FROM welcomes WHERE identity_id = ? ORDER BY created_at, id LIMIT ?",
    ),
    deleteWelcome: db.prepare("DELETE FROM welcomes WHERE identity_id = ? AND id = ?"),
    deleteWelcomes: db.prepare("DELETE FROM welcomes WHERE identity_id = ?"),
    trimWelcomes: db.prepare("DELETE FROM welcomes WHERE created_at < ?"),
    getRoster: db.prepare("SELECT * FROM rosters WHERE mls_group_id = ?"),
    createRoster: db.prepare(
      `INSERT INTO rosters (mls_group_id, version, state, updated_at) VALUES (?, 1, ?, ?)
       ON CONFLICT (mls_group_id) DO NOTHING
       RETURNING *`,
    ),
    // Compare and swap in one statement: only the row still at the expected version moves.
    updateRoster: db.prepare(
      `UPDATE rosters SET version = version + 1, state = ?, updated_at = ?
       WHERE mls_group_id = ? AND version = ?
       RETURNING *`,
    ),
  }
}
