/**
 * PostgreSQL cut off for 10 s in the middle of a run of three instances on
 * NATS: the instances reach it through a TCP proxy that resets every
 * connection and refuses new ones (the shared server keeps running for the
 * other tests). Sends during the outage fail with typed retryable errors
 * (503 with Retry-After), nothing acknowledged is lost, and the instances
 * recover by themselves when PostgreSQL is back: no restart, no fork.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { DeliveryApi, HttpError } from "./delivery-api.js"
import { type NatsDeployment, startNatsDeployment } from "./nats-deployment.js"
import { describeWithPostgres, PG_URL } from "./postgres.js"
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js"

const OUTAGE_MS = 10_000

describeWithPostgres("PostgreSQL outage under three instances on NATS", () => {
  let d: NatsDeployment
  let proxy: TcpProxy
  const tokens = {} as Record<"ana" | "ben", string>

  beforeAll(async () => {
    const url = new URL(PG_URL)
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) })
    url.port = String(proxy.port)
    d = await startNatsDeployment(3, { ackWaitMs: 2000, postgresUrl: url.toString() })
    const admin = new DeliveryApi(d.url(0), d.adminToken)
    for (const name of ["ana", "ben"] as const)
      tokens[name] = (await admin.call<{ token: string }>("POST", "/v1/identities", { name })).token
  }, 120_000)

  afterAll(async () => {
    proxy?.restore()
    await d?.stop()
    await proxy?.close()
  }, 60_000)

  it("refuses with retryable errors during the outage, loses nothing, recovers without a restart", async () => {
    const ana = (i: number) => new DeliveryApi(d.url(i), tokens.ana)
    const { groupId } = await ana(0).createGroup("outage")
    await ana(0).add(groupId, { identities: ["ben"] })
    const acknowledged: string[] = []
    const refusals = new Map<number, number>()
    let n = 0
    const sendOnce = async () => {
      const text = `m-${n++}`
      try {
        await ana(n % 3).send(groupId, text)
        acknowledged.push(text)
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 0
        refusals.set(status, (refusals.get(status) ?? 0) + 1)
      }
    }
    for (let i = 0; i < 5; i++) await sendOnce()
    const beforeOutage = acknowledged.length
    proxy.cut()
    const until = Date.now() + OUTAGE_MS
    while (Date.now() < until) {
      await sendOnce()
      await new Promise((r) => setTimeout(r, 200))
    }
    proxy.restore()
    // Back by itself: keep sending until a send goes through.
    const backBy = Date.now() + 30_000
    const before = acknowledged.length
    while (acknowledged.length === before && Date.now() < backBy) {
      await sendOnce()
      await new Promise((r) => setTimeout(r, 200))
    }
    for (let i = 0; i < 5; i++) await sendOnce()
    console.log(
      `postgres outage: ${acknowledged.length} acknowledged, refusals by status: ${JSON.stringify(Object.fromEntries(refusals))}`,
    )
    // Only typed, retryable refusals: 503 (storage unavailable / circuit open).
    expect([...refusals.keys()]).toEqual([503])
    expect(beforeOutage).toBe(5)
    // Back without a restart: sends went through again after the outage.
    expect(acknowledged.length).toBeGreaterThan(before)

    const ben = new DeliveryApi(d.url(2), tokens.ben)
    const texts = (await untilServed(() => ben.allInbox()))
      .filter((e) => e.groupId === groupId && e.type === "message")
      .map((e) => e.text as string)
    for (const text of acknowledged) expect(texts.filter((t) => t === text)).toHaveLength(1)
    const [a, b] = await untilServed(() => Promise.all([ana(1).group(groupId), ben.group(groupId)]))
    expect(a.epochAuthenticator).toBe(b.epochAuthenticator)
  }, 120_000)
})

/** `call` again while it answers 503 (an instance whose circuit breaker is still open), up to 30 s. */
async function untilServed<T>(call: () => Promise<T>): Promise<T> {
  const end = Date.now() + 30_000
  for (;;) {
    try {
      return await call()
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 503 || Date.now() > end) throw err
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}
