/**
 * A process that delivery-race.test.ts starts twice on one store file. It
 * opens its own connection, says "ready", and on orders claims key packages
 * of one identity and appends to its inbox, alternating, as fast as it can;
 * starting at a time both share, then it reports what it got: each claim's ref and last-resort flag (null
 * when nothing was left) and each append's cursor. Given a roster, it also
 * moves the roster on by one per turn (read, update at the version read,
 * again on a conflict) and reports the versions it wrote.
 */
import { MlskitError } from "@mlskit/core"
import { openSqliteStore } from "../src/index.js"

/** What the parent sends: whose packages and inbox, how many of each, and a tag for entries. */
export interface DeliveryRaceOrders {
  identityId: string
  claims: number
  appends: number
  who: number
  /** When both start (ms since the Unix epoch), so neither has a head start. */
  startAt: number
  /** How many times to move the roster of `rosterGroup` on (0 when absent). */
  rosterUpdates?: number
  rosterGroup?: number[]
}

/** What the child got, in its own order. */
export interface DeliveryRaceOutcome {
  claimed: ({ ref: string; lastResort: boolean } | null)[]
  cursors: number[]
  /** The roster versions this child wrote, and how many stale updates it retried. */
  rosterVersions: number[]
  rosterConflicts: number
}

const [path] = process.argv.slice(2)
const store = await openSqliteStore({ path: path as string, busyTimeoutMs: 30_000 })
const delivery = store.deliveryStore()

process.once("message", async (orders: DeliveryRaceOrders) => {
  const outcome: DeliveryRaceOutcome = {
    claimed: [],
    cursors: [],
    rosterVersions: [],
    rosterConflicts: 0,
  }
  const rosterUpdates = orders.rosterUpdates ?? 0
  const group = new Uint8Array(orders.rosterGroup ?? [])
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, orders.startAt - Date.now())))
  for (let i = 0; i < Math.max(orders.claims, orders.appends, rosterUpdates); i++) {
    if (i < rosterUpdates) {
      for (;;) {
        const current = await delivery.getRoster(group)
        if (current === undefined) throw new Error("the roster vanished")
        const next = current.version + 1
        try {
          const state = new TextEncoder().encode(`v${next}`)
          await delivery.updateRoster(group, current.version, state, next)
          outcome.rosterVersions.push(next)
          break
        } catch (error) {
          if (!(MlskitError.isInstance(error) && error.code === "CONFLICT")) throw error
          outcome.rosterConflicts++
        }
      }
    }
    if (i < orders.claims) {
      const record = await delivery.claimKeyPackage(orders.identityId, Date.now())
      outcome.claimed.push(record ? { ref: record.ref, lastResort: record.lastResort } : null)
    }
    if (i < orders.appends) {
      const { cursor } = await delivery.appendInbox({
        identityId: orders.identityId,
        groupId: `${orders.identityId}.AAAA`,
        seq: i,
        part: orders.who,
        type: "message",
        epoch: 0,
        time: Date.now(),
        payload: new Uint8Array([orders.who, i & 0xff]),
      })
      outcome.cursors.push(cursor)
    }
  }
  await store.close()
  process.send?.(outcome, () => process.disconnect())
})
process.send?.("ready")
