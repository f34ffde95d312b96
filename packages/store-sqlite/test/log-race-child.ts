/**
 * A process that group-log-race.test.ts starts twice on one store file. It
 * opens its own connection, says "ready", and on "go" appends, for each
 * epoch in turn, its commit and an application message, then reports every
 * outcome (won with a seq, or lost to a winner's seq). Round e starts when
 * the log holds the 3e entries of the rounds before (one commit and two
 * messages each), so both processes start each round together.
 */
import { MlskitError } from "@mlskit/core"
import { CommitConflictError } from "@mlskit/delivery"
import { openSqliteGroupLog } from "../src/index.js"

/** What the parent sends with "go": the group and, per epoch, this child's commit and message. */
export interface RaceOrders {
  groupId: string
  rounds: { commit: string; message: string }[]
}

/** One commit's outcome, per epoch in order. */
export type RaceOutcome = { won: true; seq: number } | { won: false; winnerSeq: number }

const [path] = process.argv.slice(2)
const log = await openSqliteGroupLog({
  path: path as string,
  busyTimeoutMs: 30_000,
  pollIntervalMs: 1,
})
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64url"))

process.once("message", async (orders: RaceOrders) => {
  const groupId = bytes(orders.groupId)
  const outcomes: RaceOutcome[] = []
  for (const [epoch, round] of orders.rounds.entries()) {
    for (let seen = 0; seen < 3 * epoch; ) {
      seen = (await log.head(groupId)).lastSeq
      if (seen < 3 * epoch) await log.waitForAppend(groupId, seen, { timeoutMs: 1000 })
    }
    try {
      const result = await log.append(groupId, bytes(round.commit))
      outcomes.push({ won: true, seq: result.seq })
    } catch (error) {
      if (!(error instanceof CommitConflictError)) {
        const code = MlskitError.isInstance(error) ? error.code : "unknown"
        throw new Error(`append failed with ${code}`, { cause: error })
      }
      outcomes.push({ won: false, winnerSeq: error.winnerSeq })
    }
    await log.append(groupId, bytes(round.message))
  }
  await log.close()
  process.send?.(outcomes, () => process.disconnect())
})
process.send?.("ready")
