/**
 * The group log contract: per MLS group id, an append-only ordered log of
 * protocol messages with the epoch fence, dedupe of retried appends,
 * retention and voiding of invalid winning commits. Every driver (memory,
 * SQLite, PostgreSQL, NATS JetStream) implements `GroupLog` and passes the
 * suite in `@mlskit/delivery/testing`.
 *
 * Rules every driver keeps:
 * - seq starts at 1 per group and only grows; a seq is never reused, not
 *   even after trimming or voiding.
 * - `kind` and `epoch` come from the message's own framing, never from the
 *   caller, so nobody can slip a commit past the fence as "application".
 * - The fence: a commit for epoch E is appended only while the group has no
 *   live (unvoided) commit for E; the fence remembers winners that retention
 *   trimmed. Proposals and application messages append freely.
 * - Dedupe runs before the fence: a known dedupeId returns its original seq
 *   (`duplicate: true`), even for a commit that would now be fenced. Commits'
 *   dedupeIds are remembered as long as the fence remembers the commit;
 *   other entries' as long as they are retained.
 * - Voided entries are skipped by `read` (readers see a gap in seq) and
 *   are never re-appended: their dedupeId still answers `voided: true`.
 */
import type { ContentType } from "./framing.js"

/** What an entry is, from the message's content type. */
export type EntryKind = ContentType

/** One entry of a group's log. `message` is a copy the caller may keep. */
export interface LogEntry {
  seq: number
  kind: EntryKind
  epoch: number
  message: Uint8Array
  dedupeId: string
  /** When the log appended it, in ms since the Unix epoch. */
  time: number
}

/** Options of `GroupLog.append`. */
export interface AppendOptions {
  /** The retry key (1 to 128 visible ASCII characters); default: base64url SHA-256 of the message. */
  dedupeId?: string
}

/** The outcome of an append, including of one answered from dedupe. */
export interface AppendResult {
  seq: number
  kind: EntryKind
  epoch: number
  dedupeId: string
  /** True when the dedupeId was known and nothing was appended. */
  duplicate: boolean
  /** True when the entry under this seq was voided (only possible for a duplicate). */
  voided: boolean
}

/** Options of `GroupLog.read`. */
export interface ReadOptions {
  /** Return entries with seq greater than this (default 0: from the start). */
  after?: number
  /** At most this many entries, 1 to MAX_READ_LIMIT (default DEFAULT_READ_LIMIT). */
  limit?: number
}

/** Where a group's log stands. */
export interface LogHead {
  /** The seq of the last entry ever appended, 0 when none. */
  lastSeq: number
  /** The oldest seq `read` can still return; `read({ after: oldestSeq - 1 })` never falls behind. */
  oldestSeq: number
}

/** Options of `GroupLog.waitForAppend`. */
export interface WaitOptions {
  /** Give up after this many ms and resolve false (0 checks once). */
  timeoutMs: number
  /** Abort the wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal
}

/** Retention of each group's log; absent fields do not trim. */
export interface RetentionPolicy {
  /** Keep at most this many newest entries per group. */
  maxEntries?: number
  /** Trim entries older than this many ms. */
  maxAgeMs?: number
}

/** The per-group append-only log a Delivery Service orders messages in. */
export interface GroupLog {
  /** Append a public or private message of `groupId`; CommitConflictError when a commit loses the fence. */
  append(groupId: Uint8Array, message: Uint8Array, options?: AppendOptions): Promise<AppendResult>
  /** Live entries after `after`, oldest first; FellBehindError when retention trimmed some of them. */
  read(groupId: Uint8Array, options?: ReadOptions): Promise<LogEntry[]>
  /** The group's last seq and oldest readable seq (0 and 1 for a group never appended to). */
  head(groupId: Uint8Array): Promise<LogHead>
  /** Void the live commit at `seq` so its epoch's slot reopens; voiding it again is a no-op. */
  voidCommit(groupId: Uint8Array, seq: number): Promise<void>
  /** Resolve true once the group's last seq exceeds `afterSeq`, false at the timeout. */
  waitForAppend(groupId: Uint8Array, afterSeq: number, options: WaitOptions): Promise<boolean>
}

/** `read`'s default limit. */
export const DEFAULT_READ_LIMIT = 100
/** `read`'s largest limit. */
export const MAX_READ_LIMIT = 1000
