/**
 * Reading one group's entries back from the stream: the head (the
 * subject's last message), an entry by seq, a run of entries, the void
 * markers, and how far retention reaches. Per-group seqs live in headers
 * while stream seqs are global, so finding entry `n` walks back from the
 * head through each entry's previous-entry header when `n` is near, and
 * otherwise binary-searches stream seqs with "first message of the subject
 * at or after" gets.
 */
import type { RetentionPolicy } from "@mlskit/delivery"
import { type EntryMeta, readEntryMeta } from "./entry-headers.js"
import type { LogStream, StreamMsg } from "./log-stream.js"
import type { LogSubjects } from "./names.js"
import type { VoidRecord } from "./records.js"

/** An entry as read back: where it is in the stream and what its headers say. */
export interface Entry {
  msg: StreamMsg
  meta: EntryMeta
}

/** Walk back from the head through `Mlskit-Prev` at most this far; farther, search by stream seq. */
const WALK_BACK_MAX = 8

/** Reads groups' entries of one log. */
export class GroupEntries {
  constructor(
    private readonly stream: LogStream,
    private readonly subjects: LogSubjects,
    private readonly retention: RetentionPolicy,
  ) {}

  /** The group's last entry: its head; undefined for a group never appended to. */
  async last(key: string): Promise<Entry | undefined> {
    const msg = await this.stream.last(this.subjects.entries(key))
    return msg === undefined ? undefined : toEntry(msg)
  }

  /** The group's voided seqs. */
  async voided(key: string): Promise<Set<number>> {
    const record = await this.stream.record<VoidRecord>(this.subjects.voids(key))
    return new Set(record?.value.seqs ?? [])
  }

  /** The retained entry with seq `seq` (at most the last seq), or undefined when it was trimmed. */
  async at(key: string, seq: number, last: Entry): Promise<Entry | undefined> {
    const [entry] = await this.from(key, seq, 1, last)
    return entry?.meta.seq === seq ? entry : undefined
  }

  /**
   * `count` entries from seq `from` (at most the last seq) on; they start
   * later than `from` when retention trimmed it meanwhile.
   */
  async from(key: string, from: number, count: number, last: Entry): Promise<Entry[]> {
    if (from === last.meta.seq) return [last]
    const start = await this.locate(key, from, last)
    const msgs = await this.stream.range(this.subjects.entries(key), start, count)
    return msgs.map(toEntry)
  }

  /**
   * How far retention reaches at `time`: the count limit, then the age
   * limit by the entries' times. Entries found too old are purged (the last
   * one stays: it holds the head).
   */
  async trimmedThrough(key: string, last: Entry, time: number): Promise<number> {
    const { maxEntries, maxAgeMs } = this.retention
    const lastSeq = last.meta.seq
    let through = maxEntries === undefined ? 0 : Math.max(0, lastSeq - maxEntries)
    if (maxAgeMs === undefined) return through
    const cutoff = time - maxAgeMs
    const subject = this.subjects.entries(key)
    const oldest = await this.stream.next(subject, 1)
    if (oldest === undefined) return through
    let cur = toEntry(oldest)
    const firstSeq = cur.meta.seq
    if (last.meta.time < cutoff) {
      cur = last
      through = lastSeq
    } else {
      while (cur.meta.seq <= through || cur.meta.time < cutoff) {
        const next = await this.stream.next(subject, cur.msg.streamSeq + 1)
        if (next === undefined) break
        cur = toEntry(next)
      }
      through = Math.max(through, cur.meta.seq - 1)
    }
    if (firstSeq <= through && cur.meta.seq > firstSeq) {
      await this.stream.purgeBefore(subject, cur.msg.streamSeq)
    }
    return through
  }

  /** A stream seq at or before the entry with seq `target` and after the entry before it. */
  private async locate(key: string, target: number, last: Entry): Promise<number> {
    if (last.meta.seq - target <= WALK_BACK_MAX) {
      let cur = last
      while (cur.meta.seq > target + 1) {
        const prev = await this.stream.at(cur.meta.prev)
        if (prev === undefined) return 1 // trimmed meanwhile: the caller sees the gap
        cur = toEntry(prev)
      }
      return cur.meta.prev
    }
    // The smallest stream seq s whose next message on the subject has seq >= target:
    // entry k has a stream seq of at least k, and at most the last's minus the entries after k.
    const subject = this.subjects.entries(key)
    let lo = target
    let hi = last.msg.streamSeq - (last.meta.seq - target)
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      const msg = await this.stream.next(subject, mid)
      if (msg === undefined || readEntryMeta(msg.header).seq >= target) hi = mid
      else lo = Math.min(hi, msg.streamSeq + 1)
    }
    return lo
  }
}

function toEntry(msg: StreamMsg): Entry {
  return { msg, meta: readEntryMeta(msg.header) }
}
