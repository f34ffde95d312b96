/**
 * A seeded, bounded chaos run on three server processes (PostgreSQL, and
 * the group logs on a NATS JetStream server this test owns): sends,
 * concurrent commits from members on different instances, adds and
 * removes, through random instances, while a random instance is SIGKILLed
 * and started again every few seconds and NATS itself is restarted once.
 * Afterwards: no fork, every acknowledged message in every other member's
 * inbox exactly once, no (sender, epoch, generation) used twice, no entry
 * applied twice for a member. The counts are printed.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { DeliveryApi, type WireInboxEntry } from "./delivery-api.js"
import { type NatsDeployment, startNatsDeployment } from "./nats-deployment.js"
import { describeWithPostgres } from "./postgres.js"

const MEMBERS = ["ana", "ben", "cem", "dia"] as const
type Member = (typeof MEMBERS)[number]
/** Added and removed during the run; never a sender, its inbox not checked. */
const GUEST = "eli"
const SEED = Number(process.env.MLSKIT_CHAOS_SEED ?? 20261202)
const RUN_MS = Number(process.env.MLSKIT_CHAOS_MS ?? 24_000)
const KILL_EVERY_MS = 4000

/** mulberry32: a small seeded PRNG, so a failing run can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describeWithPostgres("chaos: three instances, kills and a NATS restart", () => {
  let d: NatsDeployment
  const tokens = {} as Record<string, string>

  beforeAll(async () => {
    d = await startNatsDeployment(3, { ackWaitMs: 2000 })
    const admin = new DeliveryApi(d.url(0), d.adminToken)
    for (const name of [...MEMBERS, GUEST]) {
      tokens[name] = (await admin.call<{ token: string }>("POST", "/v1/identities", { name })).token
    }
  }, 120_000)

  afterAll(async () => {
    await d?.stop()
  }, 60_000)

  it(`keeps every invariant (seed ${SEED})`, async () => {
    const rand = random(SEED)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T
    const alive = () => d.instances.flatMap((p, i) => (p ? [i] : []))
    const api = (name: string) => new DeliveryApi(d.url(pick(alive())), tokens[name] as string)

    const { groupId } = await api("ana").createGroup("chaos")
    await api("ana").add(groupId, { identities: ["ben", "cem", "dia"] })
    const acknowledged: { from: Member; text: string }[] = []
    const counts = { sends: 0, acked: 0, commits: 0, adds: 0, removes: 0, failed: 0, kills: 0 }
    let guestIn = false
    const end = Date.now() + RUN_MS

    const worker = async (w: number) => {
      let n = 0
      while (Date.now() < end) {
        const roll = rand()
        const member = pick(MEMBERS)
        try {
          if (roll < 0.7) {
            const text = `${member}-${w}-${n++}`
            counts.sends++
            await api(member).send(groupId, text)
            acknowledged.push({ from: member, text })
            counts.acked++
          } else if (roll < 0.9) {
            await api(member).update(groupId)
            counts.commits++
          } else if (!guestIn) {
            guestIn = true
            await api(member).add(groupId, { identities: [GUEST] })
            counts.adds++
          } else {
            guestIn = false
            await api(member).remove(groupId, { identities: [GUEST] })
            counts.removes++
          }
        } catch {
          // Refused or cut off by a kill or the NATS restart: not acknowledged.
          counts.failed++
          await new Promise((r) => setTimeout(r, 50))
        }
      }
    }

    const chaos = async () => {
      let natsRestarted = false
      while (Date.now() < end - KILL_EVERY_MS) {
        await new Promise((r) => setTimeout(r, KILL_EVERY_MS))
        const victim = pick([0, 1, 2])
        await d.kill(victim)
        counts.kills++
        await new Promise((r) => setTimeout(r, 500))
        if (!natsRestarted && Date.now() > end - RUN_MS / 2) {
          natsRestarted = true
          await d.nats.stop()
          await new Promise((r) => setTimeout(r, 1500))
          await d.nats.start()
        }
        await d.start(victim)
      }
      expect(natsRestarted).toBe(true)
    }

    await Promise.all([worker(0), worker(1), worker(2), chaos()])
    for (let i = 0; i < 3; i++) if (!d.instances[i]) await d.start(i)

    // Settle: every member's inbox through instance 0 (reads catch up first).
    const inboxes = {} as Record<Member, WireInboxEntry[]>
    for (const name of MEMBERS) {
      const reader = new DeliveryApi(d.url(0), tokens[name] as string)
      await reader.inbox(0, { wait: 1 })
      inboxes[name] = (await reader.allInbox()).filter((e) => e.groupId === groupId)
    }

    let delivered = 0
    for (const name of MEMBERS) {
      const entries = inboxes[name]
      const seqs = entries.map((e) => `${e.seq}:${e.type}:${e.cursor}`)
      // No entry applied twice: one inbox entry per (seq, type).
      const bySeq = new Set(entries.map((e) => `${e.seq}:${e.type}`))
      expect(bySeq.size, `${name}: an entry applied twice`).toBe(seqs.length)
      const texts = entries.filter((e) => e.type === "message").map((e) => e.text as string)
      for (const sent of acknowledged) {
        if (sent.from === name) continue
        expect(
          texts.filter((t) => t === sent.text),
          `${name} got ${sent.text}`,
        ).toHaveLength(1)
        delivered++
      }
    }
    // No (sender, epoch, generation) used twice: what one member received is unique.
    const used = new Set<string>()
    let generations = 0
    for (const e of inboxes.ana.filter((x) => x.type === "message")) {
      const key = `${e.sender?.identity}:${e.epoch}:${e.generation}`
      expect(used.has(key), `reused ${key}`).toBe(false)
      used.add(key)
      generations++
    }
    // No fork: every member, through every instance, on one epoch authenticator.
    const seen = new Set<string>()
    for (let i = 0; i < 3; i++) {
      for (const name of MEMBERS) {
        const group = await new DeliveryApi(d.url(i), tokens[name] as string).group(groupId)
        seen.add(`${group.epoch}:${group.epochAuthenticator}`)
      }
    }
    console.log(
      `chaos seed ${SEED}: ${counts.sends} sends (${counts.acked} acknowledged), ${counts.commits} commits, ` +
        `${counts.adds} adds, ${counts.removes} removes, ${counts.failed} refused during faults, ` +
        `${counts.kills} SIGKILLs, 1 NATS restart; ${delivered} acknowledged deliveries checked exactly once, ` +
        `${generations} (sender, epoch, generation) unique, epochs/authenticators seen: ${[...seen].length}`,
    )
    expect([...seen]).toHaveLength(1)
    expect(counts.acked).toBeGreaterThan(20)
    expect(counts.kills).toBeGreaterThan(2)
  }, 180_000)
})
