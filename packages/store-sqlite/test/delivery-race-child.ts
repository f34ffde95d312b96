/**
 * A process that delivery-race.test.ts starts twice on one store file. It
 * opens its own connection, says "ready", and on orders claims key packages
 * of one identity and appends to its inbox, alternating, as fast as it can;
 * starting at a time both share, then it reports what it got: each claim's ref and last-resort flag (null
 * when nothing was left) and each append's cursor.
 */
import { openSqliteStore } from "../src/index.js"

/** What the parent sends: whose packages and inbox, how many of each, and a tag for entries. */
export interface DeliveryRaceOrders {
  identityId: string
  claims: number
  appends: number
  who: number
  /** When both start (ms since the Unix epoch), so neither has a head start. */
  startAt: number
}

/** What the child got, in its own order. */
export interface DeliveryRaceOutcome {
  claimed: ({ ref: string; lastResort: boolean } | null)[]
  cursors: number[]
}

const [path] = process.argv.slice(2)
const store = await openSqliteStore({ path: path as string, busyTimeoutMs: 30_000 })
const delivery = store.deliveryStore()

process.once("message", async (orders: DeliveryRaceOrders) => {
  const outcome: DeliveryRaceOutcome = { claimed: [], cursors: [] }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, orders.startAt - Date.now())))
  for (let i = 0; i < Math.max(orders.claims, orders.appends); i++) {
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
