/**
 * JetStreamGroupLog: the group log of `@mlskit/delivery` on one JetStream
 * stream, safe with several instances on one nats-server (2.9 or later).
 *
 * Each group's entries are the messages of its subject; the per-group seq
 * is a header (stream seqs are global), and so is the group's head as of
 * each entry (its seq, dedupe id and the group's latest commit), so the
 * subject's last message is the group's state. Every append publishes with
 * the expected last subject sequence it read: of two racing appends exactly
 * one lands and the other re-reads and decides again, so seqs have no gaps.
 *
 * - Fence: a record per (group, epoch) holds the highest seq of a commit for
 *   that epoch; a commit is live unless its seq is in the group's void
 *   markers. The latest commit is also in every later entry's headers, and
 *   an appender of a commit first makes sure the previous latest commit's
 *   record exists, so the fence holds even if a writer died between its
 *   publish and its record write.
 * - Dedupe: a record per (group, dedupe id) holds the seq it appended,
 *   checked before the fence; JetStream's own duplicate window (msgID)
 *   covers the moment between an entry's publish and its record.
 * - Void: the group's void subject's last message lists every voided seq.
 * - Retention: count and age are computed from the headers (seq, time by
 *   the log's clock), so `head` and `read` agree with the other drivers;
 *   the stream's max_msgs_per_subject drops entries beyond `maxEntries` and
 *   age-trimmed entries are purged when found, always keeping the last
 *   entry (it holds the head).
 */
import { InvalidInputError, NotFoundError, StorageError } from "@mlskit/core"
import {
  type AppendOptions,
  type AppendResult,
  CommitConflictError,
  checkReadOptions,
  checkSeq,
  checkWait,
  FellBehindError,
  type GroupLog,
  groupKey,
  type LogEntry,
  type LogHead,
  type PreparedAppend,
  prepareAppend,
  type ReadOptions,
  type RetentionPolicy,
  type WaitOptions,
} from "@mlskit/delivery"
import type { NatsConnection } from "@nats-io/transport-node"
import { AppendAppliers, type AppliersOptions } from "./append-appliers.js"
import {
  type CommitRef,
  type EntryMeta,
  entryHeaders,
  headerSeq,
  readEntryMeta,
  toLogEntry,
} from "./entry-headers.js"
import { type Entry, GroupEntries } from "./group-entries.js"
import type { LogStream, RecordValue } from "./log-stream.js"
import type { LogSubjects } from "./names.js"
import { toStorageError } from "./nats-errors.js"
import { type DedupeRecord, type FenceRecord, liveWinner, type VoidRecord } from "./records.js"

/** What a JetStreamGroupLog is built from (see `openJetStreamGroupLog`). */
export interface JetStreamGroupLogParts {
  connection: NatsConnection
  stream: LogStream
  subjects: LogSubjects
  retention: RetentionPolicy
  maxMessageBytes: number
  now: () => number
  /** Close the connection with the log (it was opened for it). */
  ownsConnection: boolean
  /** Extra headers for each appended entry (see JetStreamGroupLogOptions). */
  contextHeaders?: () => Record<string, string>
}

/** Appends give up after this many lost races in a row (a retryable StorageError). */
const MAX_APPEND_ATTEMPTS = 64
/** How many groups' latest recorded commits a log remembers before it starts over. */
const RECORDED_COMMITS_MAX = 10_000

/** A GroupLog on a JetStream stream. Get one with `openJetStreamGroupLog`. */
export class JetStreamGroupLog implements GroupLog {
  private readonly nc: NatsConnection
  private readonly stream: LogStream
  private readonly subjects: LogSubjects
  private readonly entries: GroupEntries
  private readonly maxMessageBytes: number
  private readonly now: () => number
  private readonly ownsConnection: boolean
  private readonly contextHeaders: (() => Record<string, string>) | undefined
  private readonly waits = new Set<() => void>()
  /** Per group, the latest commit whose fence record this log wrote (saves a read per commit). */
  private readonly recordedCommits = new Map<string, CommitRef>()
  private closed = false

  constructor(parts: JetStreamGroupLogParts) {
    this.nc = parts.connection
    this.stream = parts.stream
    this.subjects = parts.subjects
    this.entries = new GroupEntries(parts.stream, parts.subjects, parts.retention)
    this.maxMessageBytes = parts.maxMessageBytes
    this.now = parts.now
    this.ownsConnection = parts.ownsConnection
    this.contextHeaders = parts.contextHeaders
  }

  /**
   * Join the deployment's appliers (one durable consumer of every group's
   * entries, shared by the instances): each entry appended from now on is
   * handed to one instance's `apply`, and to another one when that instance
   * does not acknowledge it within `ackWaitMs`.
   */
  appliers(options: AppliersOptions): Promise<AppendAppliers> {
    this.assertOpen()
    return AppendAppliers.start(this.nc, this.stream.name, this.subjects.entries("*"), options)
  }

  /** The round trip to the NATS server in ms; a retryable StorageError when it does not answer. */
  async ping(): Promise<number> {
    this.assertOpen()
    try {
      return await this.nc.rtt()
    } catch (error) {
      throw toStorageError(error, "nats ping")
    }
  }

  /** The stream this log lives in. */
  get streamName(): string {
    return this.stream.name
  }

  /** Append a public or private message of `groupId`; CommitConflictError when a commit loses the fence. */
  async append(
    groupId: Uint8Array,
    message: Uint8Array,
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const p = prepareAppend(groupId, message, options, this.maxMessageBytes)
    this.assertOpen()
    try {
      return await this.appendPrepared(p)
    } catch (error) {
      throw toStorageError(error, "group log append")
    }
  }

  /** Live entries after `after`, oldest first; FellBehindError when retention trimmed some of them. */
  async read(groupId: Uint8Array, options?: ReadOptions): Promise<LogEntry[]> {
    const key = groupKey(groupId)
    const { after, limit } = checkReadOptions(options)
    this.assertOpen()
    try {
      return await this.readEntries(key, after, limit)
    } catch (error) {
      throw toStorageError(error, "group log read")
    }
  }

  /** The group's last seq and oldest readable seq (0 and 1 for a group never appended to). */
  async head(groupId: Uint8Array): Promise<LogHead> {
    const key = groupKey(groupId)
    this.assertOpen()
    try {
      const last = await this.entries.last(key)
      if (last === undefined) return { lastSeq: 0, oldestSeq: 1 }
      const trimmed = await this.entries.trimmedThrough(key, last, this.now())
      return { lastSeq: last.meta.seq, oldestSeq: trimmed + 1 }
    } catch (error) {
      throw toStorageError(error, "group log head")
    }
  }

  /** Void the live commit at `seq` so its epoch's slot reopens; voiding it again is a no-op. */
  async voidCommit(groupId: Uint8Array, seq: number): Promise<void> {
    const key = groupKey(groupId)
    checkSeq(seq)
    this.assertOpen()
    try {
      await this.voidEntry(key, seq)
    } catch (error) {
      throw toStorageError(error, "group log void")
    }
  }

  /** Resolve true once the group's last seq exceeds `afterSeq`, false at the timeout. */
  async waitForAppend(
    groupId: Uint8Array,
    afterSeq: number,
    options: WaitOptions,
  ): Promise<boolean> {
    const key = groupKey(groupId)
    const { timeoutMs, signal } = checkWait(afterSeq, options)
    this.assertOpen()
    if (signal?.aborted) throw signal.reason
    const passed = async () => ((await this.entries.last(key))?.meta.seq ?? 0) > afterSeq
    if (timeoutMs === 0) {
      try {
        return await passed()
      } catch (error) {
        throw toStorageError(error, "group log wait")
      }
    }
    return new Promise<boolean>((resolve, reject) => {
      let settled = false
      const finish = (outcome: boolean | { error: unknown }) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener("abort", onAbort)
        this.waits.delete(onClose)
        sub.unsubscribe()
        if (typeof outcome === "boolean") resolve(outcome)
        else reject(outcome.error)
      }
      const check = () => {
        passed().then(
          (yes) => {
            if (yes) finish(true)
          },
          (error: unknown) => finish({ error: toStorageError(error, "group log wait") }),
        )
      }
      const onAbort = () => finish({ error: signal?.reason })
      const onClose = () => finish(false)
      // Subscribe before the first check, so an append between the two still wakes the wait.
      // A publish the stream refused reaches subscribers too: every wake-up re-reads the head.
      const sub = this.nc.subscribe(this.subjects.entries(key), {
        callback: (_error, msg) => {
          if (headerSeq(msg?.headers) > afterSeq) check()
        },
      })
      const timer = setTimeout(() => finish(false), timeoutMs)
      signal?.addEventListener("abort", onAbort, { once: true })
      this.waits.add(onClose)
      check()
    })
  }

  /** Ends pending waits (they resolve false) and closes the connection if the log opened it. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const end of [...this.waits]) end()
    if (this.ownsConnection) await this.nc.close()
  }

  private async appendPrepared(p: PreparedAppend): Promise<AppendResult> {
    const key = p.groupKey
    const time = this.now()
    const entriesSubject = this.subjects.entries(key)
    const dedupeSubject = this.subjects.dedupe(key, p.dedupeId)
    const isCommit = p.kind === "commit"
    let msgID: string | undefined = `${key}.${p.dedupeId}`
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const [last, dedupe] = await Promise.all([
        this.entries.last(key),
        this.stream.record<DedupeRecord>(dedupeSubject),
      ])
      const known = await this.known(key, p.dedupeId, last, dedupe?.value)
      if (known !== undefined) return { ...known, dedupeId: p.dedupeId, duplicate: true }
      // Read after the head: a commit published after an older fence record
      // write is then seen together with that record.
      const [fence, voids] = isCommit
        ? await Promise.all([
            this.stream.record<FenceRecord>(this.subjects.fence(key, p.epoch)),
            this.entries.voided(key),
          ])
        : [undefined, undefined]
      if (isCommit && voids !== undefined) {
        const winner = liveWinner(p.epoch, last?.meta.lastCommit, fence?.value, voids)
        if (winner !== undefined) {
          // The winner may be this very append, by a writer that died before its dedupe record.
          const entry = last === undefined ? undefined : await this.entries.at(key, winner, last)
          if (entry?.meta.dedupeId !== p.dedupeId) throw new CommitConflictError(p.epoch, winner)
          const record: DedupeRecord = { seq: winner, kind: p.kind, epoch: p.epoch }
          await this.stream.raise(dedupeSubject, record, (r) => r.seq, dedupe)
          return { ...record, dedupeId: p.dedupeId, duplicate: true, voided: false }
        }
        const previous = last?.meta.lastCommit
        if (previous !== undefined && previous.epoch !== p.epoch) {
          await this.recordFence(key, previous, undefined)
        }
      }
      const seq = (last?.meta.seq ?? 0) + 1
      const meta: EntryMeta = {
        seq,
        kind: p.kind,
        epoch: p.epoch,
        dedupeId: p.dedupeId,
        time,
        lastCommit: isCommit ? { epoch: p.epoch, seq } : last?.meta.lastCommit,
        prev: last?.msg.streamSeq ?? 0,
      }
      const headers = entryHeaders(meta)
      for (const [name, value] of Object.entries(this.contextHeaders?.() ?? {}))
        headers.set(name, value)
      const ack = await this.stream.publish(entriesSubject, p.message, {
        headers,
        expectedLast: last?.msg.streamSeq ?? 0,
        ...(msgID === undefined ? {} : { msgID }),
      })
      if (ack === false) continue
      if (ack.duplicate) {
        // A copy landed first, within JetStream's duplicate window.
        const original = await this.stream.at(ack.seq)
        if (original !== undefined && original.subject === entriesSubject) {
          const o = readEntryMeta(original.header)
          const record = { seq: o.seq, kind: o.kind, epoch: o.epoch }
          const dup = await this.known(key, p.dedupeId, await this.entries.last(key), record)
          if (dup !== undefined) return { ...dup, dedupeId: p.dedupeId, duplicate: true }
        }
        // The original was trimmed meanwhile: it is forgotten, append anew.
        msgID = undefined
        continue
      }
      const record: DedupeRecord = { seq, kind: p.kind, epoch: p.epoch }
      await Promise.all([
        this.stream.raise(dedupeSubject, record, (r) => r.seq, dedupe),
        isCommit ? this.recordFence(key, { epoch: p.epoch, seq }, fence) : undefined,
      ])
      return {
        seq,
        kind: p.kind,
        epoch: p.epoch,
        dedupeId: p.dedupeId,
        duplicate: false,
        voided: false,
      }
    }
    throw new StorageError("nats: the group's log stayed too busy to append; retry", {
      retryable: true,
    })
  }

  /** What `dedupeId` appended, if the log still answers for it (see the GroupLog rules). */
  private async known(
    key: string,
    dedupeId: string,
    last: Entry | undefined,
    record: DedupeRecord | undefined,
  ): Promise<Omit<AppendResult, "dedupeId" | "duplicate"> | undefined> {
    if (last === undefined) return undefined
    let found: DedupeRecord | undefined = record
    if (last.meta.dedupeId === dedupeId && (found === undefined || found.seq < last.meta.seq)) {
      found = { seq: last.meta.seq, kind: last.meta.kind, epoch: last.meta.epoch }
    }
    if (found === undefined || found.seq > last.meta.seq) return undefined
    const voids = await this.entries.voided(key)
    const voided = voids.has(found.seq)
    const trimmed = await this.entries.trimmedThrough(key, last, this.now())
    if (found.seq <= trimmed) {
      // Trimmed entries are forgotten, except live commits: the fence remembers them.
      if (found.kind !== "commit" || voided) return undefined
      const fence = await this.stream.record<FenceRecord>(this.subjects.fence(key, found.epoch))
      if (liveWinner(found.epoch, last.meta.lastCommit, fence?.value, voids) !== found.seq) {
        return undefined
      }
    }
    return { seq: found.seq, kind: found.kind, epoch: found.epoch, voided }
  }

  /** Raise the fence record of `commit`'s epoch to its seq (read it first unless given). */
  private async recordFence(
    key: string,
    commit: CommitRef,
    current: RecordValue<FenceRecord> | undefined,
  ): Promise<void> {
    const cached = this.recordedCommits.get(key)
    if (cached !== undefined && cached.epoch === commit.epoch && cached.seq >= commit.seq) return
    const subject = this.subjects.fence(key, commit.epoch)
    const seen = current ?? (await this.stream.record<FenceRecord>(subject))
    await this.stream.raise(subject, { seq: commit.seq }, (r) => r.seq, seen)
    if (this.recordedCommits.size >= RECORDED_COMMITS_MAX) this.recordedCommits.clear()
    this.recordedCommits.set(key, commit)
  }

  private async readEntries(key: string, after: number, limit: number): Promise<LogEntry[]> {
    const [last, voids] = await Promise.all([this.entries.last(key), this.entries.voided(key)])
    if (last === undefined) return []
    const trimmed = await this.entries.trimmedThrough(key, last, this.now())
    if (after < trimmed) throw new FellBehindError(trimmed + 1)
    const lastSeq = last.meta.seq
    if (after >= lastSeq) return []
    let voidedAhead = 0
    for (const s of voids) if (s > after && s <= lastSeq) voidedAhead++
    const count = Math.min(lastSeq - after, limit + voidedAhead)
    const entries = await this.entries.from(key, after + 1, count, last)
    if (entries[0]?.meta.seq !== after + 1) {
      // Retention trimmed the first entry while we were reading.
      throw new FellBehindError(entries[0]?.meta.seq ?? lastSeq + 1)
    }
    const out: LogEntry[] = []
    for (const e of entries) {
      if (e.meta.seq > lastSeq) break
      if (voids.has(e.meta.seq)) continue
      out.push(toLogEntry(e.meta, e.msg.data))
      if (out.length === limit) break
    }
    return out
  }

  private async voidEntry(key: string, seq: number): Promise<void> {
    const last = await this.entries.last(key)
    if (last === undefined || seq > last.meta.seq) {
      throw new NotFoundError("no log entry with this seq")
    }
    const trimmed = await this.entries.trimmedThrough(key, last, this.now())
    if (seq <= trimmed) throw new NotFoundError("the log entry was trimmed by retention")
    const entry = await this.entries.at(key, seq, last)
    if (entry === undefined) throw new NotFoundError("the log entry was trimmed by retention")
    if (entry.meta.kind !== "commit") throw new InvalidInputError("only a commit can be voided")
    const subject = this.subjects.voids(key)
    for (;;) {
      const current = await this.stream.record<VoidRecord>(subject)
      const seqs = current?.value.seqs ?? []
      if (seqs.includes(seq)) return
      const data = new TextEncoder().encode(JSON.stringify({ seqs: [...seqs, seq] }))
      const ack = await this.stream.publish(subject, data, {
        expectedLast: current?.streamSeq ?? 0,
      })
      if (ack !== false) return
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError("nats: group log is closed")
  }
}
