/**
 * What hosted delivery reports as it works, for metrics, traces and logs.
 * Every callback is optional and receives no plaintext and no key; group
 * and identity ids are given for logs and spans, never for metric labels.
 */
import type { ProcessResult } from "@mlskit/core"
import type { EntryKind, LogEntry } from "../group-log.js"

/** Callbacks of hosted delivery; each one optional. */
export interface DeliveryObserver {
  /** A hosted member's entry was appended to its group's log (`groupId`: the member's local id). */
  appended?(kind: EntryKind, groupId: string, seq: number, epoch: number, bytes: number): void
  /** An entry was processed for a hosted member (its result, for events; never logged as is). */
  processed?(groupId: string, entry: LogEntry, result: ProcessResult): void
  /** A hosted newcomer joined from a Welcome by itself. */
  joined?(groupId: string): void
  /**
   * Run `work` in a span named `name` (for example an OpenTelemetry span);
   * absent: the work just runs.
   */
  span?<T>(
    name: string,
    attributes: Record<string, string | number | boolean>,
    work: () => Promise<T>,
  ): Promise<T>
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
  /** Key packages were published to the directory: generated here (hosted) or uploaded (external). */
  keyPackagesPublished?(kind: "hosted" | "external", count: number): void
  /** A key package was claimed; `stock`: the identity's unclaimed packages left. */
  keyPackageClaimed?(kind: "hosted" | "external", stock?: number): void
  /** A Welcome was stored for an identity whose keys live elsewhere, to fetch. */
  welcomeStored?(): void
  /** An error in background work (fan-out), with the group it concerned. */
  backgroundError?(groupId: string, error: unknown): void
}
