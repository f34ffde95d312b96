/**
 * A writer that dies between publishing an entry and writing its fence and
 * dedupe records (simulated by publishing the entry exactly as the log
 * does, and nothing else) leaves a log that still keeps the fence and still
 * answers a retry of that entry with its seq.
 */
import { toBase64Url } from "@mlskit/core"
import { CommitConflictError, defaultDedupeId } from "@mlskit/delivery"
import { applicationMessage, commitMessage, testGroupId } from "@mlskit/delivery/testing"
import { jetstream } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import { afterEach, expect, it } from "vitest"
import { entryHeaders } from "../src/entry-headers.js"
import { type JetStreamGroupLog, openJetStreamGroupLog } from "../src/index.js"
import { LogSubjects } from "../src/names.js"
import { deleteStream, describeWithNats, NATS_URL, randomStream } from "./nats-service.js"

const G = testGroupId(9)
const names = randomStream()
let log: JetStreamGroupLog | undefined

afterEach(async () => {
  await log?.close()
  await deleteStream(names.stream)
})

/** Publish a commit as the first entry of G the way the log does, then "die" before its records. */
async function publishLikeADyingWriter(message: Uint8Array): Promise<void> {
  const nc = await connect({ servers: NATS_URL })
  try {
    const key = toBase64Url(G)
    const dedupeId = defaultDedupeId(message)
    const headers = entryHeaders({
      seq: 1,
      kind: "commit",
      epoch: 0,
      dedupeId,
      time: Date.now(),
      lastCommit: { epoch: 0, seq: 1 },
      prev: 0,
    })
    const subject = new LogSubjects(names.subjectPrefix).entries(key)
    await jetstream(nc).publish(subject, message, {
      headers,
      msgID: `${key}.${dedupeId}`,
      expect: { lastSubjectSequence: 0 },
    })
  } finally {
    await nc.close()
  }
}

describeWithNats("JetStreamGroupLog after a writer died mid-append", () => {
  it("keeps the fence of a commit whose records were never written, after later commits", async () => {
    log = await openJetStreamGroupLog({ servers: NATS_URL, ...names })
    const orphan = commitMessage(G, 0, 1)
    await publishLikeADyingWriter(orphan)
    await log.append(G, applicationMessage(G, 1, 1))
    expect((await log.append(G, commitMessage(G, 1, 2))).seq).toBe(3)
    await log.append(G, applicationMessage(G, 2, 1))
    const error = await log.append(G, commitMessage(G, 0, 9)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CommitConflictError)
    expect((error as CommitConflictError).winnerSeq).toBe(1)
    const retry = await log.append(G, orphan)
    expect(retry).toMatchObject({
      seq: 1,
      kind: "commit",
      epoch: 0,
      duplicate: true,
      voided: false,
    })
    expect(await log.head(G)).toEqual({ lastSeq: 4, oldestSeq: 1 })
  })
})
