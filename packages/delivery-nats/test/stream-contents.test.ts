/**
 * What the log leaves in the stream: retention really deletes trimmed
 * entries (keeping each group's last one, which holds its head), and long
 * reads page through voided entries on both read paths (walk-back and
 * search, direct gets and ordered consumer).
 */
import { toBase64Url } from "@mlskit/core"
import { applicationMessage, commitMessage, TestClock, testGroupId } from "@mlskit/delivery/testing"
import { jetstreamManager } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import { afterEach, expect, it } from "vitest"
import { type JetStreamGroupLog, openJetStreamGroupLog } from "../src/index.js"
import { deleteStream, describeWithNats, NATS_URL, randomStream } from "./nats-service.js"

const G = testGroupId(3)
let names = randomStream()
let log: JetStreamGroupLog | undefined

afterEach(async () => {
  await log?.close()
  await deleteStream(names.stream)
  names = randomStream()
})

/** How many messages the stream holds on the group's entries subject. */
async function storedEntries(): Promise<number> {
  const nc = await connect({ servers: NATS_URL })
  try {
    const jsm = await jetstreamManager(nc)
    const subject = `${names.subjectPrefix}.${toBase64Url(G)}`
    const info = await jsm.streams.info(names.stream, { subjects_filter: subject })
    return info.state.subjects?.[subject] ?? 0
  } finally {
    await nc.close()
  }
}

describeWithNats("JetStreamGroupLog's stream contents", () => {
  it("deletes entries beyond maxEntries in the stream itself", async () => {
    log = await openJetStreamGroupLog({ servers: NATS_URL, ...names, retention: { maxEntries: 3 } })
    for (let i = 0; i < 10; i++) await log.append(G, applicationMessage(G, 0, i))
    expect(await storedEntries()).toBe(3)
    expect(await log.head(G)).toEqual({ lastSeq: 10, oldestSeq: 8 })
  })

  it("purges entries that aged out, keeping the last one that holds the head", async () => {
    const clock = new TestClock()
    const options = { servers: NATS_URL, ...names, retention: { maxAgeMs: 1000 }, now: clock.now }
    log = await openJetStreamGroupLog(options)
    for (let i = 0; i < 5; i++) await log.append(G, applicationMessage(G, 0, i))
    clock.advance(600)
    for (let i = 5; i < 8; i++) await log.append(G, applicationMessage(G, 0, i))
    clock.advance(600)
    expect(await log.head(G)).toEqual({ lastSeq: 8, oldestSeq: 6 })
    expect(await storedEntries()).toBe(3)
    clock.advance(1000)
    expect(await log.head(G)).toEqual({ lastSeq: 8, oldestSeq: 9 })
    expect(await storedEntries()).toBe(1)
    expect((await log.append(G, applicationMessage(G, 0, 9))).seq).toBe(9)
    expect((await log.read(G, { after: 8 })).map((e) => e.seq)).toEqual([9])
  })

  it("pages through a long log with voided commits on every read path", async () => {
    log = await openJetStreamGroupLog({ servers: NATS_URL, ...names })
    const voided: number[] = []
    for (let epoch = 0; epoch < 12; epoch++) {
      const bad = await log.append(G, commitMessage(G, epoch, 1))
      await log.voidCommit(G, bad.seq)
      voided.push(bad.seq)
      await log.append(G, commitMessage(G, epoch, 2))
      await log.append(G, applicationMessage(G, epoch + 1, epoch))
    }
    const live = Array.from({ length: 36 }, (_, i) => i + 1).filter((s) => !voided.includes(s))
    for (const limit of [1, 3, 5, 7, 50]) {
      const seen: number[] = []
      for (let after = 0; ; ) {
        const page = await log.read(G, { after, limit })
        if (page.length === 0) break
        expect(page.length).toBeLessThanOrEqual(limit)
        seen.push(...page.map((e) => e.seq))
        after = page.at(-1)?.seq as number
      }
      expect(seen).toEqual(live)
    }
    for (const after of [0, 1, 20, 27, 30, 34, 35]) {
      const page = await log.read(G, { after, limit: 2 })
      expect(page.map((e) => e.seq)).toEqual(live.filter((s) => s > after).slice(0, 2))
    }
  })
})
