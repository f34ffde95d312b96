/**
 * What hosted delivery reports as it works, for metrics, traces and logs.
 * Every callback is optional and receives no plaintext and no key; group
 * and identity ids are given for logs and spans, never for metric labels.
 */
import type { EntryKind } from "../group-log.js"

/** Callbacks of hosted delivery; each one optional. */
export interface DeliveryObserver {
  /** An entry was appended to a group's log. */
  appended?(kind: EntryKind, groupId: string, seq: number): void
  /** A hosted member's commit lost the epoch fence to `winnerSeq`. */
  fenced?(groupId: string, winnerSeq: number): void
  /** A losing commit intent is being redone on the new epoch (attempt 2, 3, ...). */
  redo?(groupId: string, attempt: number): void
  /** An entry was applied for a hosted member; lag is how far the log was ahead, in entries and seconds. */
  applied?(groupId: string, kind: EntryKind, lagEntries: number, lagSeconds: number): void
  /** An entry a hosted member could not use was skipped (`reason`: core's reject reason or code). */
  skipped?(groupId: string, seq: number, reason: string): void
  /** An entry from an epoch the member has not reached is waiting. */
  futureEpochWait?(groupId: string, seq: number): void
  /** Hosted members of one group ended an epoch with different epoch authenticators. */
  forkDetected?(mlsGroupId: Uint8Array, epoch: number, members: string[]): void
  /** Retention trimmed entries a hosted member had not applied. */
  fellBehind?(groupId: string): void
  /** An error in background work (fan-out), with the group it concerned. */
  backgroundError?(groupId: string, error: unknown): void
}
