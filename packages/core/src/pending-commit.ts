/**
 * Staged (pending) commits: a commit made but not merged, kept beside the
 * current state until the Delivery Service says whether it won its epoch
 * (confirm) or lost it (discard, then redo the intent). The pending part
 * holds the next epoch's secrets, so it is sealed with the state in one blob
 * (BlobKind.GroupStateWithPending) and written in the same compare-and-swap;
 * a record without a pending commit keeps the bare state blob it always had.
 *
 * Plaintext of the composite blob (integers big-endian):
 *   layout u8 (1) | current state | next state | commit | welcome | intent
 * where state, commit and welcome are u32 length + bytes (a welcome of length
 * 0 means none) and intent is a kind u8 (1 add, 2 remove, 3 update) followed,
 * for add, by u32 count and that many u32 length + key package bytes, for
 * remove, by u32 count and that many u32 leaf indices.
 */
import { createHash } from "node:crypto"
import { InternalError, InvalidInputError } from "./errors.js"
import * as mls from "./mls-adapter.js"
import type { CommitIntent, PendingCommitInfo } from "./types.js"

/** A staged commit as core holds it (the next state is secret; everything else is public). */
export interface PendingCommit {
  /** The epoch the commit was made in (the group's current epoch). */
  epoch: number
  /** The commit (MLSMessage) to append. */
  commit: Uint8Array
  /** The Welcome (MLSMessage) for added members, when the commit adds any. */
  welcome?: Uint8Array
  /** The state the commit starts, adopted on confirm. */
  nextState: mls.ClientState
  /** What the commit does, so a losing commit can be redone on the winner's epoch. */
  intent: CommitIntent
  /** base64url SHA-256 of the commit: its dedupe id in the group log. */
  dedupeId: string
  /**
   * Secrets the commit consumed that the current state still holds; zeroed
   * once the commit is merged. Held in memory only (undefined after a reload).
   */
  consumed?: Uint8Array[]
}

/** Layout marker of the composite plaintext. */
const PENDING_LAYOUT = 1
const INTENT_KIND = { add: 1, remove: 2, update: 3 } as const

/**
 * The dedupe id of a commit: base64url SHA-256 without padding, the same as
 * `defaultDedupeId` of @mlskit/delivery, so a log lookup after a crash finds
 * the staged commit.
 */
export function commitDedupeId(commit: Uint8Array): string {
  return createHash("sha256").update(commit).digest("base64url")
}

/** Metadata keys core keeps about a staged commit (non-secret, readable without the state key). */
export function pendingMetadata(pending: PendingCommit | undefined): {
  pendingEpoch: string | undefined
  pendingDedupeId: string | undefined
} {
  return {
    pendingEpoch: pending === undefined ? undefined : String(pending.epoch),
    pendingDedupeId: pending?.dedupeId,
  }
}

/** The composite plaintext: the current state's encoding and the pending commit. */
export function encodeWithPending(current: Uint8Array, pending: PendingCommit): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(PENDING_LAYOUT)]
  const field = (bytes: Uint8Array) => parts.push(u32(bytes.length), bytes)
  field(current)
  field(mls.encodeState(pending.nextState))
  field(pending.commit)
  field(pending.welcome ?? new Uint8Array())
  const intent = pending.intent
  parts.push(Uint8Array.of(INTENT_KIND[intent.kind]))
  if (intent.kind === "add") {
    parts.push(u32(intent.keyPackages.length))
    for (const kp of intent.keyPackages) field(kp)
  } else if (intent.kind === "remove") {
    parts.push(u32(intent.leafIndices.length))
    for (const leaf of intent.leafIndices) parts.push(u32(leaf))
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Decode what `encodeWithPending` produced (InternalError when malformed). */
export function decodeWithPending(
  bytes: Uint8Array,
  clientConfig: mls.ClientConfig,
): { state: mls.ClientState; pending: PendingCommit } {
  const reader = new Reader(bytes)
  if (reader.byte() !== PENDING_LAYOUT)
    throw new InternalError("stored pending commit has an unknown layout")
  const state = mls.decodeState(reader.field(), clientConfig)
  const nextState = mls.decodeState(reader.field(), clientConfig)
  const commit = reader.field().slice()
  const welcome = reader.field().slice()
  const intent = readIntent(reader)
  reader.end()
  const pending: PendingCommit = {
    epoch: mls.epochOf(state),
    commit,
    nextState,
    intent,
    dedupeId: commitDedupeId(commit),
  }
  if (welcome.length > 0) pending.welcome = welcome
  if (mls.epochOf(nextState) !== pending.epoch + 1)
    throw new InternalError("stored pending commit does not follow the stored state")
  return { state, pending }
}

function readIntent(reader: Reader): CommitIntent {
  const kind = reader.byte()
  if (kind === INTENT_KIND.update) return { kind: "update" }
  if (kind === INTENT_KIND.add) {
    const keyPackages: Uint8Array[] = []
    for (let n = reader.u32(); n > 0; n--) keyPackages.push(reader.field().slice())
    return { kind: "add", keyPackages }
  }
  if (kind === INTENT_KIND.remove) {
    const leafIndices: number[] = []
    for (let n = reader.u32(); n > 0; n--) leafIndices.push(reader.u32())
    return { kind: "remove", leafIndices }
  }
  throw new InternalError("stored pending commit has an unknown intent")
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value)
  return out
}

/** Reads the composite plaintext front to back; InternalError on truncation or trailing bytes. */
class Reader {
  private offset = 0
  private readonly view: DataView
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  byte(): number {
    this.need(1)
    return this.bytes[this.offset++]!
  }
  u32(): number {
    this.need(4)
    const value = this.view.getUint32(this.offset)
    this.offset += 4
    return value
  }
  field(): Uint8Array {
    const length = this.u32()
    this.need(length)
    const out = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return out
  }
  end(): void {
    if (this.offset !== this.bytes.length)
      throw new InternalError("stored pending commit has trailing bytes")
  }
  private need(length: number): void {
    if (this.offset + length > this.bytes.length)
      throw new InternalError("stored pending commit is truncated")
  }
}

/** The public facts of a staged commit, as copies. */
export function pendingInfo(pending: PendingCommit): PendingCommitInfo {
  const info: PendingCommitInfo = {
    epoch: pending.epoch,
    commit: pending.commit.slice(),
    dedupeId: pending.dedupeId,
    intent: copyIntent(pending.intent),
  }
  if (pending.welcome) info.welcome = pending.welcome.slice()
  return info
}

function copyIntent(intent: CommitIntent): CommitIntent {
  if (intent.kind === "add")
    return { kind: "add", keyPackages: intent.keyPackages.map((kp) => kp.slice()) }
  if (intent.kind === "remove") return { kind: "remove", leafIndices: [...intent.leafIndices] }
  return { kind: "update" }
}

/** `options.staged` of addMembers, removeMembers and selfUpdate, checked. */
export function stagedOption(options: unknown): boolean {
  if (options === undefined) return false
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InvalidInputError("options must be an object")
  const staged = (options as { staged?: unknown }).staged
  if (staged !== undefined && typeof staged !== "boolean")
    throw new InvalidInputError("staged must be a boolean")
  return staged === true
}
