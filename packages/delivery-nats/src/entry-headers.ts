/**
 * The headers an entry message carries. The body is the MLSMessage itself;
 * the headers hold its metadata and the group's head as of this entry, so
 * reading the subject's last message tells an appender the group's last
 * seq, the last entry's dedupe id and the group's latest commit in one
 * round trip.
 */
import { StorageError } from "@mlskit/core"
import type { EntryKind, LogEntry } from "@mlskit/delivery"
import { headers, type MsgHdrs } from "@nats-io/transport-node"

const SEQ = "Mlskit-Seq"
const KIND = "Mlskit-Kind"
const EPOCH = "Mlskit-Epoch"
const DEDUPE_ID = "Mlskit-Dedupe-Id"
const TIME = "Mlskit-Time"
/** The group's latest commit as `<epoch>:<seq>` (this entry when it is a commit). */
const LAST_COMMIT = "Mlskit-Last-Commit"
/** The stream seq of the group's previous entry (0: none), so readers near the head walk back. */
const PREV = "Mlskit-Prev"

const KINDS: ReadonlySet<string> = new Set(["commit", "proposal", "application"])

/** A commit's place: its epoch and seq. */
export interface CommitRef {
  epoch: number
  seq: number
}

/** An entry's metadata as its headers carry it. */
export interface EntryMeta {
  seq: number
  kind: EntryKind
  epoch: number
  dedupeId: string
  time: number
  /** The group's latest commit up to and including this entry. */
  lastCommit: CommitRef | undefined
  /** The stream seq of the group's previous entry, 0 for the first. */
  prev: number
}

/** The headers of a new entry. */
export function entryHeaders(meta: EntryMeta): MsgHdrs {
  const h = headers()
  h.set(SEQ, String(meta.seq))
  h.set(KIND, meta.kind)
  h.set(EPOCH, String(meta.epoch))
  h.set(DEDUPE_ID, meta.dedupeId)
  h.set(TIME, String(meta.time))
  h.set(PREV, String(meta.prev))
  if (meta.lastCommit !== undefined) {
    h.set(LAST_COMMIT, `${meta.lastCommit.epoch}:${meta.lastCommit.seq}`)
  }
  return h
}

/** Read an entry's metadata; StorageError when the message is not an entry of this log. */
export function readEntryMeta(h: MsgHdrs | undefined): EntryMeta {
  const kind = h?.get(KIND) ?? ""
  const dedupeId = h?.get(DEDUPE_ID) ?? ""
  const seq = count(h?.get(SEQ))
  const epoch = count(h?.get(EPOCH))
  const time = count(h?.get(TIME))
  const prev = count(h?.get(PREV))
  if (!KINDS.has(kind) || dedupeId === "" || seq < 1 || epoch < 0 || time < 0 || prev < 0) {
    throw new StorageError("nats: a message on a group log subject is not a log entry")
  }
  return { seq, kind: kind as EntryKind, epoch, dedupeId, time, lastCommit: commitRef(h), prev }
}

/** The seq in a message's headers, or -1 when it has none (a wake-up hint, not a checked entry). */
export function headerSeq(h: MsgHdrs | undefined): number {
  return count(h?.get(SEQ))
}

/** The entry as `read` returns it. */
export function toLogEntry(meta: EntryMeta, data: Uint8Array): LogEntry {
  const { seq, kind, epoch, dedupeId, time } = meta
  // A plain Uint8Array copy: the transport hands out Buffers that share their memory.
  return { seq, kind, epoch, message: new Uint8Array(data), dedupeId, time }
}

function commitRef(h: MsgHdrs | undefined): CommitRef | undefined {
  const value = h?.get(LAST_COMMIT)
  if (value === undefined || value === "") return undefined
  const [epoch, seq] = value.split(":").map(count)
  if (epoch === undefined || seq === undefined || epoch < 0 || seq < 1) {
    throw new StorageError("nats: a group log entry has a malformed last-commit header")
  }
  return { epoch, seq }
}

function count(value: string | undefined): number {
  if (value === undefined || !/^\d{1,16}$/.test(value)) return -1
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : -1
}
