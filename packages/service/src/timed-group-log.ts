/**
 * A group log whose appends are timed, for the publish latency metric
 * (`mls_delivery_log_append_seconds`): the same log otherwise, every call
 * handed through unchanged.
 */
import type { GroupLog } from "@mlskit/delivery"

/** `log` with each append's duration (seconds, failed ones too) reported to `observe`. */
export function timedGroupLog(log: GroupLog, observe: (seconds: number) => void): GroupLog {
  return {
    async append(groupId, message, options) {
      const start = process.hrtime.bigint()
      try {
        return await log.append(groupId, message, options)
      } finally {
        observe(Number(process.hrtime.bigint() - start) / 1e9)
      }
    },
    read: (groupId, options) => log.read(groupId, options),
    head: (groupId) => log.head(groupId),
    voidCommit: (groupId, seq) => log.voidCommit(groupId, seq),
    waitForAppend: (groupId, afterSeq, options) => log.waitForAppend(groupId, afterSeq, options),
  }
}
