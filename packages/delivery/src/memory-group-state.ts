/**
 * One group's log as `InMemoryGroupLog` keeps it, and its retention: the
 * retained entries (contiguous, voided ones in place), the fence (the live
 * commit of each epoch, kept after its entry is trimmed) and the dedupe
 * index (retained entries plus the fence's winners).
 */
import type { EntryKind, LogEntry, RetentionPolicy } from "./group-log.js"

/** An entry as stored, with its voided mark. */
export interface StoredEntry extends LogEntry {
  voided: boolean
}

/** What a dedupeId appended. */
export interface Known {
  seq: number
  kind: EntryKind
  epoch: number
  voided: boolean
}

/** One group's log. */
export interface GroupState {
  /** Retained entries, seq trimmedThrough + 1 up to lastSeq, in order. */
  entries: StoredEntry[]
  lastSeq: number
  trimmedThrough: number
  /** The live commit of each epoch: the fence. Outlives retention. */
  winners: Map<number, { seq: number; dedupeId: string }>
  /** dedupeId → what it appended: retained entries plus the fence's winners. */
  known: Map<string, Known>
}

/** An empty group log. */
export function newGroup(): GroupState {
  return { entries: [], lastSeq: 0, trimmedThrough: 0, winners: new Map(), known: new Map() }
}

/** Drop the entries `policy` no longer retains at `now`; the fence and its dedupeIds stay. */
export function trimGroup(group: GroupState, policy: RetentionPolicy, now: number): void {
  const { maxEntries, maxAgeMs } = policy
  let drop = 0
  if (maxEntries !== undefined) drop = Math.max(0, group.entries.length - maxEntries)
  if (maxAgeMs !== undefined) {
    while (
      drop < group.entries.length &&
      (group.entries[drop] as StoredEntry).time < now - maxAgeMs
    )
      drop++
  }
  if (drop === 0) return
  for (const e of group.entries.splice(0, drop)) {
    const liveCommit = e.kind === "commit" && !e.voided
    if (!liveCommit && group.known.get(e.dedupeId)?.seq === e.seq) group.known.delete(e.dedupeId)
    group.trimmedThrough = e.seq
  }
}

/** A reader's copy of a stored entry (its own bytes, no voided mark). */
export function copyEntry(e: StoredEntry): LogEntry {
  return {
    seq: e.seq,
    kind: e.kind,
    epoch: e.epoch,
    message: e.message.slice(),
    dedupeId: e.dedupeId,
    time: e.time,
  }
}
