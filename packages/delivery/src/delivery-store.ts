/**
 * What the Delivery Service keeps besides the group log, in the configured
 * store: each hosted identity's inbox, the key-package directory's claims,
 * and the lookup of who hosts a member of an MLS group. Every store driver
 * (memory, SQLite, PostgreSQL) implements `DeliveryStore` and passes the
 * suite in `@mlskit/delivery/testing/contract` (`runDeliveryStoreContract`).
 *
 * Rules every driver keeps:
 * - Inbox cursors are per identity, start at 1 and only grow, and become
 *   visible in cursor order: a reader that saw cursor N never later finds
 *   a new entry with a cursor at or below N (a counter row per identity,
 *   taken under the write lock, not a global sequence).
 * - `appendInbox` is idempotent on (identityId, groupId, seq, part): the
 *   same key returns the stored cursor with `duplicate: true` and writes
 *   nothing. This is what makes an apply that crashed after its inbox write
 *   and before its state write safe to repeat. (It holds while the entry is
 *   stored: once retention deleted it, the key appends anew.) Appending for
 *   an identity the store does not hold is NotFoundError.
 * - Trimming and `deleteInbox` never lower `inboxHead`: cursors are never
 *   reused. An entry is trimmed when its `time` is before `now - maxAgeMs`
 *   or when it is not among its identity's `maxEntries` newest (by cursor),
 *   both judged on the entries held when the trim starts.
 * - Payloads are opaque sealed bytes: the store never sees plaintext.
 * - `claimKeyPackage` is atomic across connections and processes: one
 *   package is never handed out twice, except the identity's last-resort
 *   package, which is handed out (never marked claimed) once no other
 *   package is left. "Oldest" is by `createdAt`, then by ref. A claimed
 *   package stays in the MlsStore (listed, and consumable by the join that
 *   uses it). Whoever deletes an identity calls `deleteInbox` too (the SQL
 *   drivers also drop the entries with the identity; memory cannot).
 * - Byte fields come back as plain `Uint8Array` copies; bad arguments are
 *   InvalidInputError and change nothing.
 */
import type { KeyPackageRecord } from "@mlskit/core"

/** One entry of a hosted identity's inbox as stored (payload sealed). */
export interface InboxRecord {
  /** Per identity, from 1, growing. */
  cursor: number
  identityId: string
  /** The local group id (core's `${identityId}.${base64url(mlsGroupId)}`). */
  groupId: string
  /** The group log seq this entry came from (a join: the seq of the commit that added the member). */
  seq: number
  /** Distinguishes several entries made from one log entry (0, 1, ...). */
  part: number
  /** `message`, `joined`, `membersAdded`, `membersRemoved`, `removed`, `epoch`, ... (1 to 32 characters). */
  type: string
  epoch: number
  /** When the entry was made, ms since the Unix epoch. */
  time: number
  /** The entry's content, sealed by the caller with the state key. */
  payload: Uint8Array
}

/** What `appendInbox` writes: an inbox record without its cursor. */
export type NewInboxRecord = Omit<InboxRecord, "cursor">

/** The outcome of `appendInbox`. */
export interface InboxAppendResult {
  cursor: number
  /** True when (identityId, groupId, seq, part) was already stored; nothing was written. */
  duplicate: boolean
}

/** Options of `readInbox`. */
export interface InboxReadOptions {
  /** Entries with a cursor greater than this (default 0). */
  after?: number
  /** At most this many, 1 to 1000 (default 100). */
  limit?: number
}

/** Inbox retention; absent fields do not trim. */
export interface InboxRetention {
  /** Keep at most this many newest entries per identity. */
  maxEntries?: number
  /** Trim entries older than this many ms (by `time`). */
  maxAgeMs?: number
}

/** A hosted member of an MLS group: one local group record. */
export interface HostedMember {
  /** The local group id. */
  groupId: string
  identityId: string
}

/**
 * A Welcome waiting for an identity whose keys live elsewhere (an external
 * member): it fetches it, joins in its own client, then deletes it.
 */
export interface WelcomeRecord {
  /** base64url, 1 to 64 characters; unique per identity (the DS makes it from the Welcome's hash). */
  id: string
  identityId: string
  /** The MLS group id the Welcome is for. */
  mlsGroupId: Uint8Array
  /** The Welcome as MLSMessage bytes (public: only its addressee can open it). */
  welcome: Uint8Array
  createdAt: number
}

/**
 * The Delivery Service's own record of a group it follows without a hosted
 * member (registered by an external creator): an opaque, non-secret
 * encoding of the roster (leaf index to identity, epoch, pending
 * proposals), written with compare-and-swap on `version`.
 */
export interface RosterRecord {
  mlsGroupId: Uint8Array
  /** 1 on create, +1 on every update: the CAS token. */
  version: number
  state: Uint8Array
  updatedAt: number
}

/** Storage for the Delivery Service's inbox, directory claims and member lookup. */
export interface DeliveryStore {
  /** Store an inbox entry unless its (identityId, groupId, seq, part) is stored. */
  appendInbox(record: NewInboxRecord): Promise<InboxAppendResult>
  /** Entries of one identity with cursor > after, in cursor order. */
  readInbox(identityId: string, options?: InboxReadOptions): Promise<InboxRecord[]>
  /** The identity's last cursor (0 when it never had an entry, trimmed ones included). */
  inboxHead(identityId: string): Promise<number>
  /** How many entries the identity's inbox holds now. */
  inboxDepth(identityId: string): Promise<number>
  /** Apply retention to every identity's inbox at `now`; returns how many entries were deleted. */
  trimInboxes(retention: InboxRetention, now: number): Promise<number>
  /** Delete every inbox entry of an identity (when it is deleted); returns how many. */
  deleteInbox(identityId: string): Promise<number>

  /**
   * Take one published key package of `identityId` for someone to add it:
   * the oldest unclaimed non-last-resort package, marked claimed at `now`;
   * else the last-resort package (left unclaimed); else undefined.
   */
  claimKeyPackage(identityId: string, now: number): Promise<KeyPackageRecord | undefined>
  /** How many unclaimed non-last-resort packages the identity has, and whether it has a last-resort one. */
  keyPackageStock(identityId: string): Promise<{ unclaimed: number; lastResort: boolean }>

  /** The stored groups (hosted members) of one MLS group id, ordered by local group id. */
  listHostedMembers(mlsGroupId: Uint8Array): Promise<HostedMember[]>

  /** Keep a Welcome for an external identity; an existing (identityId, id) writes nothing and answers `duplicate: true`. */
  putWelcome(record: WelcomeRecord): Promise<{ duplicate: boolean }>
  /** The identity's waiting Welcomes, oldest first (by createdAt, then id), at most `limit` (1 to 1000, default 100). */
  listWelcomes(identityId: string, options?: { limit?: number }): Promise<WelcomeRecord[]>
  /** Delete one of the identity's Welcomes; false when it has none with this id. */
  deleteWelcome(identityId: string, id: string): Promise<boolean>
  /** Delete every Welcome of an identity (when it is deleted); returns how many. */
  deleteWelcomes(identityId: string): Promise<number>
  /** Delete Welcomes created before `now - maxAgeMs`; returns how many. */
  trimWelcomes(maxAgeMs: number, now: number): Promise<number>

  /** The roster record of a followed group, or undefined. */
  getRoster(mlsGroupId: Uint8Array): Promise<RosterRecord | undefined>
  /** Create a group's roster record at version 1; ConflictError (not retryable) when one exists. */
  createRoster(mlsGroupId: Uint8Array, state: Uint8Array, now: number): Promise<RosterRecord>
  /**
   * Replace the roster of a group whose record is at `expectedVersion`;
   * ConflictError (retryable) when it moved on, NotFoundError when absent.
   */
  updateRoster(
    mlsGroupId: Uint8Array,
    expectedVersion: number,
    state: Uint8Array,
    now: number,
  ): Promise<RosterRecord>

  /**
   * Optional, for drivers whose MlsStore and DeliveryStore share one
   * transaction (SQLite): keep inbox records (all of local group
   * `groupId`) to be written, with `appendInbox`'s idempotence, inside the
   * next successful `updateGroup(groupId)` of the store, in its transaction;
   * a failed update drops them. Replaces records staged before.
   */
  stageInbox?(groupId: string, records: NewInboxRecord[]): void
  /** Drop records staged for `groupId` (an apply that wrote no state). */
  unstageInbox?(groupId: string): void
}
