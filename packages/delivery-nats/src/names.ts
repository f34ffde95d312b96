/**
 * Where a JetStream group log keeps what: one stream per deployment, and in
 * it a subject per group for the entries plus small record subjects for the
 * dedupe index, the epoch fence and the void markers. Group keys are
 * base64url (`A-Z a-z 0-9 - _`), which is subject-safe as a token; dedupe
 * ids are any visible ASCII, so their subject token is their hash.
 */
import { createHash } from "node:crypto"
import { ConfigError } from "@mlskit/core"

/** The stream's default name. */
export const DEFAULT_STREAM = "MLSKIT_GROUP_LOG"
/** The default first tokens of every subject of the log. */
export const DEFAULT_SUBJECT_PREFIX = "mlskit.log"

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/
const PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/

/** Check a stream name (JetStream allows no dots, spaces or wildcards); ConfigError when unfit. */
export function checkStreamName(name: string): string {
  if (typeof name !== "string" || !STREAM_NAME.test(name)) {
    throw new ConfigError("stream", "must be 1 to 64 characters of A-Z a-z 0-9 _ -")
  }
  return name
}

/** The subjects of one log, built from its prefix. */
export class LogSubjects {
  constructor(readonly prefix: string) {
    if (typeof prefix !== "string" || prefix.length > 128 || !PREFIX.test(prefix)) {
      throw new ConfigError(
        "subjectPrefix",
        "must be dot-separated tokens of A-Z a-z 0-9 _ - (at most 128 characters)",
      )
    }
  }

  /** What the stream captures: entries, dedupe records, fence records, void markers. */
  streamSubjects(): string[] {
    const p = this.prefix
    return [`${p}.*`, `${p}-dedupe.*.*`, `${p}-fence.*.*`, `${p}-void.*`]
  }

  /** The group's entries, one message per seq; the subject's last message holds the group's head. */
  entries(groupKey: string): string {
    return `${this.prefix}.${groupKey}`
  }

  /** The dedupe record of `dedupeId` in the group: the seq it appended. */
  dedupe(groupKey: string, dedupeId: string): string {
    const token = createHash("sha256").update(dedupeId).digest("base64url")
    return `${this.prefix}-dedupe.${groupKey}.${token}`
  }

  /** The fence record of `epoch` in the group: the highest seq of a commit for it. */
  fence(groupKey: string, epoch: number): string {
    return `${this.prefix}-fence.${groupKey}.${epoch}`
  }

  /** The group's void markers: the last message lists every voided seq. */
  voids(groupKey: string): string {
    return `${this.prefix}-void.${groupKey}`
  }
}
