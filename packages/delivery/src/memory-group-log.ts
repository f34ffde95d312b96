/**
 * `InMemoryGroupLog`: the group log in process memory, for tests, examples
 * and single-process use. Each call checks its arguments, then works on the
 * group synchronously, so concurrent appends are serialised by the event
 * loop and the fence holds without locks. Entries are retained contiguously
 * (voided ones stay in place, skipped by `read`); the fence keeps each live
 * winner's seq and dedupeId after retention trims the entry itself, one
 * small record per epoch.
 */
import { InvalidInputError, NotFoundError } from "@mlskit/core"
import { AppendNotifier } from "./append-notifier.js"
import { CommitConflictError, FellBehindError } from "./errors.js"
import { DEFAULT_MAX_MESSAGE_BYTES } from "./framing.js"
import { groupKey } from "./group-key.js"
import type {
  AppendOptions,
  AppendResult,
  GroupLog,
  LogEntry,
  LogHead,
  ReadOptions,
  RetentionPolicy,
  WaitOptions,
} from "./group-log.js"
import {
  checkMaxMessageBytes,
  checkReadOptions,
  checkRetention,
  checkSeq,
  checkWait,
} from "./log-arguments.js"
import {
  copyEntry,
  type GroupState,
  newGroup,
  type StoredEntry,
  trimGroup,
} from "./memory-group-state.js"
import { prepareAppend } from "./prepare-append.js"

/** Options of an InMemoryGroupLog. */
export interface InMemoryGroupLogOptions {
  /** Per-group retention (default: keep everything). */
  retention?: RetentionPolicy
  /** Refuse longer messages with InvalidInputError (default DEFAULT_MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number
  /** The clock, in ms since the Unix epoch (default Date.now). */
  now?: () => number
  /** The notifier that wakes `waitForAppend` (default: a new one); give each log its own. */
  notifier?: AppendNotifier
}

/** A GroupLog in process memory. */
export class InMemoryGroupLog implements GroupLog {
  private readonly groups = new Map<string, GroupState>()
  private readonly retention: RetentionPolicy
  private readonly maxMessageBytes: number
  private readonly now: () => number
  private readonly notifier: AppendNotifier

  constructor(options: InMemoryGroupLogOptions = {}) {
    this.retention = checkRetention(options.retention)
    this.maxMessageBytes = checkMaxMessageBytes(
      options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    )
    this.now = options.now ?? Date.now
    this.notifier = options.notifier ?? new AppendNotifier()
  }

  /** Append a public or private message of `groupId`; CommitConflictError when a commit loses the fence. */
  async append(
    groupId: Uint8Array,
    message: Uint8Array,
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const p = prepareAppend(groupId, message, options, this.maxMessageBytes)
    const time = this.now()
    const group = this.groups.get(p.groupKey) ?? newGroup()
    trimGroup(group, this.retention, time)
    const known = group.known.get(p.dedupeId)
    if (known !== undefined) return { ...known, dedupeId: p.dedupeId, duplicate: true }
    if (p.kind === "commit") {
      const winner = group.winners.get(p.epoch)
      if (winner !== undefined) throw new CommitConflictError(p.epoch, winner.seq)
    }
    this.groups.set(p.groupKey, group)
    const seq = group.lastSeq + 1
    const { kind, epoch, message: bytes, dedupeId } = p
    group.entries.push({ seq, kind, epoch, message: bytes, dedupeId, time, voided: false })
    group.lastSeq = seq
    group.known.set(dedupeId, { seq, kind, epoch, voided: false })
    if (kind === "commit") group.winners.set(epoch, { seq, dedupeId })
    trimGroup(group, this.retention, time)
    this.notifier.notify(p.groupKey, seq)
    return { seq, kind, epoch, dedupeId, duplicate: false, voided: false }
  }

  /** Live entries after `after`, oldest first; FellBehindError when retention trimmed some of them. */
  async read(groupId: Uint8Array, options?: ReadOptions): Promise<LogEntry[]> {
    const key = groupKey(groupId)
    const { after, limit } = checkReadOptions(options)
    const group = this.groups.get(key)
    if (group === undefined) return []
    trimGroup(group, this.retention, this.now())
    if (after < group.trimmedThrough) throw new FellBehindError(group.trimmedThrough + 1)
    const out: LogEntry[] = []
    for (let i = after - group.trimmedThrough; i < group.entries.length; i++) {
      const e = group.entries[i] as StoredEntry
      if (e.voided) continue
      out.push(copyEntry(e))
      if (out.length === limit) break
    }
    return out
  }

  /** The group's last seq and oldest readable seq (0 and 1 for a group never appended to). */
  async head(groupId: Uint8Array): Promise<LogHead> {
    const group = this.groups.get(groupKey(groupId))
    if (group === undefined) return { lastSeq: 0, oldestSeq: 1 }
    trimGroup(group, this.retention, this.now())
    return { lastSeq: group.lastSeq, oldestSeq: group.trimmedThrough + 1 }
  }

  /** Void the live commit at `seq` so its epoch's slot reopens; voiding it again is a no-op. */
  async voidCommit(groupId: Uint8Array, seq: number): Promise<void> {
    const key = groupKey(groupId)
    checkSeq(seq)
    const group = this.groups.get(key)
    if (group === undefined || seq > group.lastSeq) {
      throw new NotFoundError("no log entry with this seq")
    }
    trimGroup(group, this.retention, this.now())
    if (seq <= group.trimmedThrough) {
      throw new NotFoundError("the log entry was trimmed by retention")
    }
    const entry = group.entries[seq - group.trimmedThrough - 1] as StoredEntry
    if (entry.kind !== "commit") throw new InvalidInputError("only a commit can be voided")
    if (entry.voided) return
    entry.voided = true
    group.winners.delete(entry.epoch)
    group.known.set(entry.dedupeId, { seq, kind: entry.kind, epoch: entry.epoch, voided: true })
  }

  /** Resolve true once the group's last seq exceeds `afterSeq`, false at the timeout. */
  waitForAppend(groupId: Uint8Array, afterSeq: number, options: WaitOptions): Promise<boolean> {
    try {
      const key = groupKey(groupId)
      return this.notifier.wait(key, afterSeq, checkWait(afterSeq, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }
}
