/**
 * Checks of the other `GroupLog` arguments (read cursor and limit, seq,
 * wait options, retention policy), shared by every driver so they all
 * refuse the same input with the same InvalidInputError.
 */
import { InvalidInputError } from "@mlskit/core"
import {
  DEFAULT_READ_LIMIT,
  MAX_READ_LIMIT,
  type ReadOptions,
  type RetentionPolicy,
  type WaitOptions,
} from "./group-log.js"

/** The longest wait `waitForAppend` accepts (setTimeout's limit, about 24.8 days). */
export const MAX_WAIT_MS = 2 ** 31 - 1

/** `read`'s options with defaults applied. */
export function checkReadOptions(options: ReadOptions | undefined): {
  after: number
  limit: number
} {
  const after = options?.after ?? 0
  const limit = options?.limit ?? DEFAULT_READ_LIMIT
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new InvalidInputError("after must be a non-negative integer")
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_READ_LIMIT) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_READ_LIMIT}`)
  }
  return { after, limit }
}

/** Check an entry's seq argument (a positive integer). */
export function checkSeq(seq: number, what = "seq"): number {
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new InvalidInputError(`${what} must be a positive integer`)
  }
  return seq
}

/** Check `waitForAppend`'s cursor and options. */
export function checkWait(afterSeq: number, options: WaitOptions | undefined): WaitOptions {
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
    throw new InvalidInputError("afterSeq must be a non-negative integer")
  }
  const timeoutMs = options?.timeoutMs
  if (
    typeof timeoutMs !== "number" ||
    !Number.isInteger(timeoutMs) ||
    timeoutMs < 0 ||
    timeoutMs > MAX_WAIT_MS
  ) {
    throw new InvalidInputError(`timeoutMs must be an integer from 0 to ${MAX_WAIT_MS}`)
  }
  const signal = (options as WaitOptions).signal
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidInputError("signal must be an AbortSignal")
  }
  return options as WaitOptions
}

/** Check a retention policy: each limit absent or a positive integer. */
export function checkRetention(policy: RetentionPolicy | undefined): RetentionPolicy {
  const out: RetentionPolicy = {}
  if (policy?.maxEntries !== undefined) {
    if (!Number.isSafeInteger(policy.maxEntries) || policy.maxEntries < 1) {
      throw new InvalidInputError("retention.maxEntries must be a positive integer")
    }
    out.maxEntries = policy.maxEntries
  }
  if (policy?.maxAgeMs !== undefined) {
    if (!Number.isSafeInteger(policy.maxAgeMs) || policy.maxAgeMs < 1) {
      throw new InvalidInputError("retention.maxAgeMs must be a positive integer")
    }
    out.maxAgeMs = policy.maxAgeMs
  }
  return out
}

/** Check a driver's message size limit (an integer of at least 4, an MLSMessage header). */
export function checkMaxMessageBytes(maxMessageBytes: number): number {
  if (!Number.isSafeInteger(maxMessageBytes) || maxMessageBytes < 4) {
    throw new InvalidInputError("maxMessageBytes must be an integer of at least 4")
  }
  return maxMessageBytes
}
