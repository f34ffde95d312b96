/**
 * Three server processes on PostgreSQL with the group logs on NATS
 * JetStream (a nats-server this test owns). Sends and racing commits go
 * through every instance; afterwards no group forked, every acknowledged
 * message is in every other member's inbox exactly once, and the
 * decryptions across the instances equal the hosted recipients (each entry
 * is applied by one instance, not by all). An instance killed mid-run has
 * its share taken over and its members miss nothing; with NATS down,
 * readiness fails, liveness does not, sends answer 503 and work again when
 * NATS is back, without restarting an instance.
 */
import { MlskitClient } from "@mlskit/client"
import { afterAll, beforeAll, expect, it } from "vitest"
import { DeliveryApi } from "./delivery-api.js"
import { metricValue } from "./helpers.js"
import { type NatsDeployment, startNatsDeployment } from "./nats-deployment.js"
import { NATS_SERVER_BIN } from "./own-nats-server.js"
import { describeWithPostgres } from "./postgres.js"

const NAMES = ["ana", "ben", "cem", "dia"] as const
type Name = (typeof NAMES)[number]

// Without nats-server the suite fails in beforeAll (no silent skip): CI installs it.
describeWithPostgres("three instances on PostgreSQL and NATS JetStream", () => {
  let d: NatsDeployment
  const tokens = {} as Record<Name, string>

  beforeAll(async () => {
    if (!NATS_SERVER_BIN) throw new Error("nats-server is not installed")
    d = await startNatsDeployment(3, { ackWaitMs: 2000 })
    const admin = new DeliveryApi(d.url(0), d.adminToken)
    for (const name of NAMES) {
      const created = await admin.call<{ token: string }>("POST", "/v1/identities", { name })
      tokens[name] = created.token
    }
  }, 120_000)

  afterAll(async () => {
    await d?.stop()
  }, 60_000)

  const on = (i: number, name: Name) => new DeliveryApi(d.url(i), tokens[name])

  /** Each member's inbox texts (read through instance `i`), each must equal `expected`. */
  async function inboxesHold(groupId: string, expected: Record<Name, string[]>, i = 0) {
    for (const name of NAMES) {
      const texts = (await on(i, name).allInbox())
        .filter((e) => e.type === "message" && e.groupId === groupId)
        .map((e) => e.text as string)
      expect(texts.sort(), `${name}'s inbox`).toEqual([...expected[name]].sort())
    }
  }

  async function noFork(groupId: string): Promise<number> {
    const seen = new Set<string>()
    let epoch = -1
    for (let i = 0; i < d.instances.length; i++) {
      if (!d.instances[i]) continue
      for (const name of NAMES) {
        const group = await on(i, name).group(groupId)
        seen.add(`${group.epoch}:${group.epochAuthenticator}`)
        epoch = group.epoch
      }
    }
    expect([...seen]).toHaveLength(1)
    return epoch
  }

  const sum = (texts: string[], series: string) =>
    texts.map((t) => metricValue(t, series)).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0)

  it("spreads sends and racing commits over the instances: no fork, each message once, one decryption per recipient", async () => {
    const before = await d.metrics()
    const { groupId } = await on(0, "ana").createGroup("spread")
    await on(0, "ana").add(groupId, { identities: ["ben", "cem", "dia"] })
    const expected = { ana: [], ben: [], cem: [], dia: [] } as Record<Name, string[]>
    let messages = 0
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        NAMES.map(async (name, i) => {
          const text = `${name}-${round}`
          await on((i + round) % 3, name).send(groupId, text)
          for (const other of NAMES) if (other !== name) expected[other].push(text)
        }),
      )
      messages += NAMES.length
      // Two members commit at once through different instances.
      const [x, y] = await Promise.all([
        on(round % 3, "ben").update(groupId),
        on((round + 1) % 3, "cem").update(groupId),
      ])
      expect(x.epoch).not.toBe(y.epoch)
    }
    await inboxesHold(groupId, expected, 1)
    const epoch = await noFork(groupId)
    expect(epoch).toBe(1 + 12)

    const after = await d.metrics()
    const decrypted = (texts: string[]) => sum(texts, "mls_messages_decrypted_total")
    const recipients = messages * (NAMES.length - 1)
    console.log(
      `nats deployment: ${messages} messages to ${NAMES.length - 1} recipients each: ` +
        `${decrypted(after) - decrypted(before)} decryptions across 3 instances (hosted recipients: ${recipients}); ` +
        `applied per instance: ${after.map((t) => sum([t], 'mls_delivery_appliers_applied_total{kind="application"}')).join(", ")}`,
    )
    expect(decrypted(after) - decrypted(before)).toBe(recipients)
    expect(sum(after, "mls_delivery_forks_detected_total")).toBe(0)
  })

  it("streams an identity's inbox on any instance and resumes it from Last-Event-ID on another", async () => {
    const { groupId } = await on(0, "ana").createGroup("streams")
    await on(0, "ana").add(groupId, { identities: ["ben"] })
    for (const text of ["one", "two", "three"]) await on(0, "ana").send(groupId, text)
    const ben = (i: number) => new MlskitClient({ baseUrl: d.url(i), token: tokens.ben })
    const first: { cursor: number; text?: string }[] = []
    const stopB = new AbortController()
    for await (const entry of await ben(1).inboxEvents({ signal: stopB.signal })) {
      if (entry.groupId !== groupId || entry.type !== "message") continue
      first.push({ cursor: entry.cursor, text: entry.text })
      if (first.length === 2) {
        stopB.abort()
        break
      }
    }
    expect(first.map((e) => e.text)).toEqual(["one", "two"])
    const stopC = new AbortController()
    const resumed: string[] = []
    for await (const entry of await ben(2).inboxEvents({
      signal: stopC.signal,
      lastEventId: first[1]?.cursor,
    })) {
      if (entry.groupId !== groupId || entry.type !== "message") continue
      resumed.push(entry.text as string)
      stopC.abort()
      break
    }
    expect(resumed).toEqual(["three"])
  })

  it("an instance killed mid-run loses nothing: its share is taken over, its members catch up when it returns", async () => {
    const { groupId } = await on(0, "ana").createGroup("killed")
    await on(0, "ana").add(groupId, { identities: ["ben", "cem", "dia"] })
    const expected = { ana: [], ben: [], cem: [], dia: [] } as Record<Name, string[]>
    const send = async (i: number, name: Name, text: string) => {
      await on(i, name).send(groupId, text)
      for (const other of NAMES) if (other !== name) expected[other].push(text)
    }
    await send(2, "dia", "before")
    await d.kill(2)
    for (let k = 0; k < 5; k++) await send(k % 2, k % 2 ? "ben" : "ana", `while-down-${k}`)
    await on(1, "cem").update(groupId)
    await d.start(2)
    for (const name of NAMES) {
      const page = await on(2, name).inbox(0, { wait: 5 })
      expect(page.entries.length).toBeGreaterThan(0)
    }
    await inboxesHold(groupId, expected, 2)
    await noFork(groupId)
  }, 60_000)

  it("with NATS down: not ready, still live, sends refused as retryable; back without a restart", async () => {
    const { groupId } = await on(0, "ana").createGroup("outage")
    await on(0, "ana").add(groupId, { identities: ["ben"] })
    await d.nats.stop()
    const ready = await fetch(`${d.url(0)}/health/ready`)
    expect(ready.status).toBe(503)
    expect(JSON.stringify(await ready.json())).toContain("group_log")
    expect((await fetch(`${d.url(0)}/health/live`)).status).toBe(200)
    const refused = await on(1, "ana")
      .send(groupId, "lost?")
      .catch((e) => e)
    expect(refused.status).toBe(503)
    await d.nats.start()
    // The clients reconnect by themselves; the first sends may still meet the reconnect.
    let sent = false
    for (let attempt = 0; attempt < 50 && !sent; attempt++) {
      sent = await on(1, "ana")
        .send(groupId, "after the outage")
        .then(() => true)
        .catch(() => new Promise<boolean>((r) => setTimeout(() => r(false), 200)))
    }
    expect(sent).toBe(true)
    expect((await fetch(`${d.url(0)}/health/ready`)).status).toBe(200)
    const texts = (await on(2, "ben").allInbox())
      .filter((e) => e.groupId === groupId && e.type === "message")
      .map((e) => e.text)
    expect(texts).toEqual(["after the outage"])
  }, 60_000)
})
