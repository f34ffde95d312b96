/**
 * The small records a JetStream group log keeps beside each group's
 * entries (each the last message of its own subject), and the fence rule
 * that reads them.
 */
import type { EntryKind } from "@mlskit/delivery"
import type { CommitRef } from "./entry-headers.js"

/** A dedupe record: what a dedupe id appended. */
export interface DedupeRecord {
  seq: number
  kind: EntryKind
  epoch: number
}

/** A fence record: the highest seq of a commit for the epoch. */
export interface FenceRecord {
  seq: number
}

/** The group's void markers: every voided seq. */
export interface VoidRecord {
  seqs: number[]
}

/**
 * The seq of the live commit for `epoch`, from the fence record and the
 * head's latest commit: the highest of them, unless it was voided. A later
 * commit for an epoch lands only after the earlier one was voided, so the
 * highest seq is the one that counts.
 */
export function liveWinner(
  epoch: number,
  latest: CommitRef | undefined,
  fence: FenceRecord | undefined,
  voids: ReadonlySet<number>,
): number | undefined {
  let seq = fence?.seq ?? 0
  if (latest !== undefined && latest.epoch === epoch) seq = Math.max(seq, latest.seq)
  return seq === 0 || voids.has(seq) ? undefined : seq
}
