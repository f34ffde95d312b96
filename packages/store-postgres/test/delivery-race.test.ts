/**
 * PostgresDeliveryStore with several instances: two stores on separate
 * pools (separate connections, as two server processes have) share one
 * schema. Claims racing from both hand out each package once and the rest
 * the last-resort package; appends racing from both get cursors 1..n, and a
 * reader polling meanwhile sees them in order without skipping one; roster
 * updates racing from both (read, then update at the version read, again on
 * a conflict) each move the version exactly once.
 */
import { MlskitError } from "@mlskit/core"
import { identityFixture, keyPackageFixture } from "@mlskit/core/testing"
import type { DeliveryStore } from "@mlskit/delivery"
import { afterEach, expect, it } from "vitest"
import { openPostgresStore, type PostgresStore } from "../src/index.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

/** Key packages of the identity; each instance claims CLAIMS times at once. */
const PACKAGES = 60
const CLAIMS = 50
/** Inbox appends per instance, all at once. */
const APPENDS = 50
/** Roster updaters per instance, and the updates each makes. */
const UPDATERS = 4
const UPDATES = 10
/** Connections per instance. */
const POOL = 6

const schemas: string[] = []
const stores: PostgresStore[] = []

async function instance(schema: string): Promise<PostgresStore> {
  const store = await openPostgresStore({
    connection: { connectionString: PG_URL, max: POOL },
    schema,
  })
  stores.push(store)
  // open every connection now, so the race is not decided by connecting
  await Promise.all(Array.from({ length: POOL }, () => store.listIdentities()))
  return store
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const schema of schemas.splice(0)) await dropSchema(schema)
})

/** The roster state that says which version it was written as. */
const stateFor = (version: number) => new TextEncoder().encode(`v${version}`)

/**
 * Moves `group`'s roster on by one: read it, update at the version read,
 * again on a retryable conflict. Returns the version written and the conflicts met.
 */
async function bump(
  delivery: DeliveryStore,
  group: Uint8Array,
): Promise<{ version: number; conflicts: number }> {
  for (let conflicts = 0; ; conflicts++) {
    const current = await delivery.getRoster(group)
    if (current === undefined) throw new Error("the roster vanished")
    const next = current.version + 1
    try {
      const written = await delivery.updateRoster(group, current.version, stateFor(next), next)
      return { version: written.version, conflicts }
    } catch (error) {
      if (!(MlskitError.isInstance(error) && error.code === "CONFLICT" && error.retryable)) {
        throw error
      }
    }
  }
}

const entry = (who: number, i: number) => ({
  identityId: "alice",
  groupId: "alice.AAAA",
  seq: i,
  part: who,
  type: "message",
  epoch: 0,
  time: Date.now(),
  payload: new Uint8Array([who, i]),
})

describeWithPostgres("PostgresDeliveryStore across instances", () => {
  it(`hands out each of ${PACKAGES} packages once to ${2 * CLAIMS} claims racing from two instances`, async () => {
    const schema = randomSchema()
    schemas.push(schema)
    const one = await instance(schema)
    const two = await instance(schema)
    await one.createIdentity(identityFixture("alice"))
    const packages = Array.from({ length: PACKAGES }, (_, i) =>
      keyPackageFixture("alice", `kp${String(i).padStart(3, "0")}`, { createdAt: i }),
    )
    const lastResort = keyPackageFixture("alice", "last", { lastResort: true })
    await one.addKeyPackages([...packages, lastResort])
    const deliveries = [one.deliveryStore(), two.deliveryStore()]
    const claims = deliveries.map((delivery) =>
      Promise.all(Array.from({ length: CLAIMS }, () => delivery.claimKeyPackage("alice", 1))),
    )
    const [a, b] = await Promise.all(claims)
    const claimed = [...(a ?? []), ...(b ?? [])]
    const normal = claimed.flatMap((r) => (r !== undefined && !r.lastResort ? [r.ref] : []))
    expect(normal.sort()).toEqual(packages.map((p) => p.ref))
    const rest = claimed.filter((r) => r === undefined || r.lastResort)
    expect(rest.map((r) => r?.ref)).toEqual(Array(2 * CLAIMS - PACKAGES).fill("last"))
    expect(await deliveries[1]?.keyPackageStock("alice")).toEqual({
      unclaimed: 0,
      lastResort: true,
    })
    const byOne = (a ?? []).filter((r) => r !== undefined && !r.lastResort).length
    console.info(`packages claimed by instance: ${byOne} / ${PACKAGES - byOne}`)
  })

  it(`numbers ${2 * APPENDS} appends racing from two instances 1..n, visible in cursor order`, async () => {
    const schema = randomSchema()
    schemas.push(schema)
    const one = await instance(schema)
    const two = await instance(schema)
    await one.createIdentity(identityFixture("alice"))
    const deliveries = [one.deliveryStore(), two.deliveryStore()]
    const reader = (await instance(schema)).deliveryStore()
    const seen: number[] = []
    let appending = true
    const reading = (async () => {
      for (let after = 0; ; ) {
        const finished = !appending
        const page = await reader.readInbox("alice", { after, limit: 1000 })
        for (const e of page) seen.push(e.cursor)
        after = page.at(-1)?.cursor ?? after
        if (finished && page.length === 0) return
      }
    })()
    const appends = deliveries.map((delivery, who) =>
      Promise.all(Array.from({ length: APPENDS }, (_, i) => delivery.appendInbox(entry(who, i)))),
    )
    const results = (await Promise.all(appends)).flat()
    appending = false
    await reading
    const all = Array.from({ length: 2 * APPENDS }, (_, i) => i + 1)
    expect(results.map((r) => r.cursor).sort((x, y) => x - y)).toEqual(all)
    expect(results.every((r) => !r.duplicate)).toBe(true)
    expect(seen).toEqual(all)
    // retried appends from the other instance are duplicates with the same cursors
    const retried = await Promise.all(
      Array.from({ length: APPENDS }, (_, i) => deliveries[1]?.appendInbox(entry(0, i))),
    )
    expect(retried.map((r) => r?.cursor)).toEqual(results.slice(0, APPENDS).map((r) => r.cursor))
    expect(retried.every((r) => r?.duplicate)).toBe(true)
    expect(await reader.inboxHead("alice")).toBe(2 * APPENDS)
  })

  it(`moves a roster once per update for ${2 * UPDATERS * UPDATES} updates racing from two instances`, async () => {
    const schema = randomSchema()
    schemas.push(schema)
    const one = await instance(schema)
    const two = await instance(schema)
    const group = new Uint8Array([7, 7, 7])
    await one.deliveryStore().createRoster(group, stateFor(1), 1)
    const updaters = [one.deliveryStore(), two.deliveryStore()].flatMap((delivery) =>
      Array.from({ length: UPDATERS }, async () => {
        const made = []
        for (let i = 0; i < UPDATES; i++) made.push(await bump(delivery, group))
        return made
      }),
    )
    const made = (await Promise.all(updaters)).flat()
    const total = 2 * UPDATERS * UPDATES
    const versions = made.map((m) => m.version).sort((x, y) => x - y)
    expect(versions).toEqual(Array.from({ length: total }, (_, i) => i + 2))
    const final = await two.deliveryStore().getRoster(group)
    expect(final?.version).toBe(total + 1)
    expect(final?.state).toStrictEqual(stateFor(total + 1))
    expect(final?.updatedAt).toBe(total + 1)
    const conflicts = made.reduce((sum, m) => sum + m.conflicts, 0)
    console.info(`roster updates refused as stale and retried: ${conflicts}`)
    // the updaters really raced: some read a version another one moved past
    expect(conflicts).toBeGreaterThan(0)
  })
})
