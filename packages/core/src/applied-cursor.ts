/**
 * The applied cursor: per group record, the sequence number of the last
 * group-log entry that took effect for the local member, kept in the record's
 * metadata (`appliedSeq`, a decimal string) and written in the same
 * compare-and-swap as the state the entry produced. Delivery is at least
 * once; refusing an entry at or below the cursor makes its effect exactly once.
 */
import { AlreadyAppliedError, InvalidInputError, StorageError } from "./errors.js"
import type { GroupRecord } from "./store.js"

/** The metadata key of the applied cursor. */
export const APPLIED_SEQ_KEY = "appliedSeq"

/** A log sequence number given by a caller: a safe integer of at least 0, else InvalidInputError. */
export function checkSeq(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(`${what} must be a non-negative safe integer`)
  }
  return value
}

/** `options.appliedSeq` of a call taking `{ appliedSeq?: number }`, checked. */
export function appliedSeqOption(options: unknown): number | undefined {
  if (options === undefined) return undefined
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InvalidInputError("options must be an object")
  const value = (options as { appliedSeq?: unknown }).appliedSeq
  return value === undefined ? undefined : checkSeq(value, "appliedSeq")
}

/** The stored cursor of a group record (undefined when never set); StorageError when damaged. */
export function appliedSeqOf(record: GroupRecord): number | undefined {
  const stored = record.metadata[APPLIED_SEQ_KEY]
  if (stored === undefined) return undefined
  const value = Number(stored)
  if (!/^(0|[1-9][0-9]*)$/.test(stored) || !Number.isSafeInteger(value))
    throw new StorageError("stored appliedSeq is not a decimal sequence number")
  return value
}

/** AlreadyAppliedError when `seq` is at or below the record's cursor. */
export function assertNotApplied(record: GroupRecord, seq: number): void {
  const applied = appliedSeqOf(record)
  if (applied !== undefined && seq <= applied) throw new AlreadyAppliedError(seq, applied)
}

/** The metadata change that moves the cursor to `seq` (none when `seq` is undefined). */
export function cursorPatch(seq: number | undefined): Record<string, string> {
  return seq === undefined ? {} : { [APPLIED_SEQ_KEY]: String(seq) }
}
