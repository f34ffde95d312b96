/**
 * Groups across two server processes (dist/main.js) on one PostgreSQL
 * schema: a member's state moved on through one instance is seen by the
 * other at once (no stale epoch, no final-looking 400), a send never uses an
 * epoch older than the stored one, reserved generations on PostgreSQL need a
 * declared single writer, health counts the shared store's groups, and
 * concurrent commits of one member through both instances never fork it.
 */
import { ApiError, type MlskitClient } from "@mlskit/client"
import { afterAll, beforeAll, expect, it } from "vitest"
import { removeDir, tempDir } from "./helpers.js"
import {
  deploymentEnv,
  type InstancePair,
  instanceConfig,
  publicMessageEpoch,
  startInstancePair,
} from "./instance-pair.js"
import { describeWithPostgres, dropSchema, randomSchema } from "./postgres.js"
import { startServerProcess } from "./server-process.js"

/**
 * "2xx" for a call that succeeded, else "<status> <code>" and the error's
 * reason (throws on anything but an ApiError).
 */
async function outcome<T>(
  call: Promise<T>,
): Promise<{ answer: string; reason?: string | undefined; value?: T }> {
  try {
    return { answer: "2xx", value: await call }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return { answer: `${error.status} ${error.code}`, reason: error.reason }
  }
}

/** The plaintext of a processed application message, or the failure. */
async function decrypted(client: MlskitClient, groupId: string, message: Uint8Array) {
  const { answer, value } = await outcome(client.processMessage(groupId, message))
  if (value === undefined) return { answer }
  if (value.kind !== "application") return { answer: `not an application message: ${value.kind}` }
  return { answer, text: new TextDecoder().decode(value.plaintext), epoch: value.epoch }
}

/** Identities with their tokens, on both instances. */
interface Member {
  id: string
  onA: MlskitClient
  onB: MlskitClient
}

/** Create an identity through A. */
async function member(pair: InstancePair, name: string): Promise<Member> {
  const created = await pair.adminA.createIdentity(name)
  return {
    id: created.id,
    onA: pair.on(pair.a, created.token),
    onB: pair.on(pair.b, created.token),
  }
}

/** A group created by `owner` through A, joined by the others through B (key packages from B). */
async function groupOf(owner: Member, others: Member[]): Promise<string> {
  const groupId = await owner.onA.createGroup("multi-instance")
  for (const other of others) {
    const [keyPackage] = await other.onB.generateKeyPackages(other.id, 1)
    const { commit, welcome } = await owner.onA.addMembers(groupId, [keyPackage as Uint8Array])
    for (const earlier of others.slice(0, others.indexOf(other))) {
      await earlier.onB.processMessage(groupId, commit)
    }
    expect(await other.onB.joinGroup(welcome)).toBe(groupId)
  }
  return groupId
}

/** The mls_service component of a readiness report on `client`'s instance. */
async function readiness(client: MlskitClient) {
  const { status, body } = await client.ready()
  const service = body.components.find((c) => c.name === "mls_service")
  return { http: status, status: body.status, service: service?.status, details: service?.details }
}

describeWithPostgres("groups across two server processes on one PostgreSQL schema", () => {
  let pair: InstancePair

  beforeAll(async () => {
    pair = await startInstancePair()
  }, 60_000)

  afterAll(async () => {
    await pair?.stop()
  }, 60_000)

  it("reports a fresh install healthy, and on B counts the active groups created through A", async () => {
    for (const admin of [pair.adminA, pair.adminB]) {
      expect(await readiness(admin)).toEqual({
        http: 200,
        status: "healthy",
        service: "healthy",
        details: "0 active groups",
      })
    }
    const owner = await member(pair, "health-owner")
    await owner.onA.createGroup("one")
    await owner.onA.createGroup("two")
    await owner.onA.createGroup("three")
    const onB = await readiness(pair.adminB)
    console.info(`readiness on B after 3 groups created through A: ${JSON.stringify(onB)}`)
    expect(onB).toEqual({
      http: 200,
      status: "healthy",
      service: "healthy",
      details: "3 active groups",
    })
    expect(await readiness(pair.adminA)).toEqual(onB)
  })

  it("processes a member's message at once on A after alice's self-update through B, 10 times each way round", async () => {
    const alice = await member(pair, "alice")
    const bob = await member(pair, "bob")
    const groupId = await groupOf(alice, [bob])
    // Each step's failures; a round stops at its first failure. Final-looking: a 4xx other than 409.
    const counts = { rounds: 0, staleEpochOnGet: 0, failed: 0, finalLooking4xx: 0 }
    const failures: string[] = []
    const step = async <T>(name: string, call: Promise<T>): Promise<T | undefined> => {
      const { answer, reason, value } = await outcome(call)
      if (value !== undefined) return value
      counts.failed++
      if (/^4\d\d/.test(answer) && !answer.startsWith("409")) counts.finalLooking4xx++
      failures.push(`${name}: ${answer}${reason === undefined ? "" : ` (${reason})`}`)
      return undefined
    }
    for (let round = 0; round < 20; round++) {
      counts.rounds++
      // Even rounds update through B and read and process through A; odd rounds the other way.
      // bob stays on B, so his state is never the stale one.
      const [updater, reader] = round % 2 === 0 ? [alice.onB, alice.onA] : [alice.onA, alice.onB]
      const commit = await step("alice's self-update", updater.selfUpdate(groupId))
      if (commit === undefined) continue
      const written = await updater.getGroup(groupId)
      const read = await reader.getGroup(groupId)
      if (read.epoch !== written.epoch || read.version !== written.version) counts.staleEpochOnGet++

      const applied = await step("bob applies it", bob.onB.processMessage(groupId, commit))
      if (applied === undefined) continue
      expect(applied.epoch).toBe(written.epoch)
      const fromBob = await step("bob sends", bob.onB.sendMessage(groupId, `bob ${round}`))
      if (fromBob === undefined) continue
      const processed = await step("alice processes", reader.processMessage(groupId, fromBob))
      if (processed === undefined) continue
      expect(processed).toMatchObject({ kind: "application", epoch: written.epoch })

      // Same epoch secrets on both sides: a reply through the reader decrypts for bob.
      const reply = await step("alice replies", reader.sendMessage(groupId, `alice ${round}`))
      if (reply === undefined) continue
      const received = await step("bob reads it", bob.onB.processMessage(groupId, reply))
      if (received === undefined) continue
      expect(received).toMatchObject({ kind: "application", epoch: written.epoch })
    }
    console.info(
      `alternating self-updates: ${JSON.stringify(counts)}; failures: ${failures.join(", ") || "none"}`,
    )
    expect({ ...counts, failures }).toEqual({
      rounds: 20,
      staleEpochOnGet: 0,
      failed: 0,
      finalLooking4xx: 0,
      failures: [],
    })
  }, 120_000)

  it("encrypts alice's sends through A in the epoch after bob's removal through B: bob cannot read them, carol can", async () => {
    const counts = await sendsAfterRemoval(pair)
    console.info(`sends after removal (reserved_generations = 1): ${JSON.stringify(counts)}`)
    expect(counts).toEqual({ sends: 5, sent: 5, readByBob: 0, readByCarolInNewEpoch: 5 })
  }, 60_000)

  it("never forks alice when she commits through A and B at the same moment: each answer is 2xx or 409, and every member ends in one epoch", async () => {
    const alice = await member(pair, "racer")
    const bob = await member(pair, "racer-bob")
    const groupId = await groupOf(alice, [bob])
    const tally: Record<string, number> = {}
    for (let round = 0; round < 10; round++) {
      const before = (await alice.onA.getGroup(groupId)).epoch
      const results = await Promise.all([
        outcome(alice.onA.selfUpdate(groupId)),
        outcome(alice.onB.selfUpdate(groupId)),
      ])
      for (const { answer } of results) tally[answer] = (tally[answer] ?? 0) + 1
      for (const { answer } of results) expect(["2xx", "409 CONFLICT"]).toContain(answer)
      // Bob applies the commits that were made, in the order of their epochs.
      const commits = results
        .flatMap((r) => (r.value === undefined ? [] : [r.value]))
        .sort((x, y) => Number(publicMessageEpoch(x) - publicMessageEpoch(y)))
      // A real conflict still has a winner.
      expect(commits.length).toBeGreaterThan(0)
      expect(commits.map((c) => Number(publicMessageEpoch(c)))).toEqual(
        commits.map((_, i) => before + i),
      )
      for (const commit of commits) await bob.onB.processMessage(groupId, commit)
      const epochs = await Promise.all(
        [alice.onA, alice.onB, bob.onA, bob.onB].map(
          async (c) => (await c.getGroup(groupId)).epoch,
        ),
      )
      expect(epochs).toEqual(epochs.map(() => before + commits.length))
      // They share the epoch's secrets: each one's message decrypts for the other.
      const fromAlice = await alice.onB.sendMessage(groupId, `race ${round}`)
      expect(await decrypted(bob.onA, groupId, fromAlice)).toMatchObject({ text: `race ${round}` })
      const fromBob = await bob.onA.sendMessage(groupId, `ack ${round}`)
      expect(await decrypted(alice.onA, groupId, fromBob)).toMatchObject({ text: `ack ${round}` })
    }
    console.info(`concurrent self-updates of one member through A and B: ${JSON.stringify(tally)}`)
  }, 120_000)
})

describeWithPostgres("reserved generations on PostgreSQL with a declared single writer", () => {
  let pair: InstancePair

  beforeAll(async () => {
    pair = await startInstancePair("reserved_generations = 16\nsingle_writer = true")
  }, 60_000)

  afterAll(async () => {
    await pair?.stop()
  }, 60_000)

  it("still encrypts alice's sends through A in the epoch after bob's removal through B when the declaration is wrong", async () => {
    const counts = await sendsAfterRemoval(pair)
    console.info(`sends after removal (reserved_generations = 16): ${JSON.stringify(counts)}`)
    expect(counts).toEqual({ sends: 5, sent: 5, readByBob: 0, readByCarolInNewEpoch: 5 })
  }, 60_000)
})

describeWithPostgres("reserved generations on PostgreSQL at start", () => {
  const schema = randomSchema()
  const dir = tempDir()

  afterAll(async () => {
    removeDir(dir)
    await dropSchema(schema)
  }, 60_000)

  it("refuses to start with reserved_generations = 16 and no single_writer, naming the keys", async () => {
    const file = instanceConfig(dir, schema, "reserved_generations = 16")
    const started = startServerProcess(file, deploymentEnv())
    const failure = await started.then(
      async (p) => {
        p.child.kill("SIGTERM")
        await p.exited
        return "started"
      },
      (error: unknown) => String(error),
    )
    console.info(
      `reserved_generations = 16 without single_writer: ${/mlskit-server: .*/.exec(failure)?.[0] ?? failure}`,
    )
    expect(failure).toMatch(/server exited \(1\) before listening/)
    expect(failure).toContain("storage.reserved_generations")
    expect(failure).toContain("storage.driver")
    expect(failure).toContain("storage.single_writer")
  }, 30_000)

  it("starts with reserved_generations = 16 and single_writer = true", async () => {
    const file = instanceConfig(dir, schema, "reserved_generations = 16\nsingle_writer = true")
    const server = await startServerProcess(file, deploymentEnv())
    try {
      expect((await fetch(`${server.url}/health/ready`)).status).toBe(200)
    } finally {
      server.child.kill("SIGTERM")
      expect(await server.exited).toBe(0)
    }
  }, 30_000)
})

/**
 * alice, bob and carol in a group; alice sends once through A (caching her
 * state there), removes bob through B, then sends 5 messages through A. bob
 * keeps his pre-removal state (he does not apply the commit that removes
 * him) and tries each; carol applies the removal and reads each.
 */
async function sendsAfterRemoval(pair: InstancePair) {
  const alice = await member(pair, "sender")
  const bob = await member(pair, "removed")
  const carol = await member(pair, "stays")
  const groupId = await groupOf(alice, [bob, carol])
  const warmUp = await alice.onA.sendMessage(groupId, "before")
  expect(await decrypted(bob.onB, groupId, warmUp)).toMatchObject({ text: "before" })

  const bobLeaf = (await alice.onB.getGroup(groupId)).members.find((m) => m.identity === "removed")
  const removal = await alice.onB.removeMembers(groupId, [bobLeaf?.leafIndex ?? -1])
  const removedAt = (await alice.onB.getGroup(groupId)).epoch
  expect(await carol.onB.processMessage(groupId, removal)).toMatchObject({ kind: "commit" })

  const counts = { sends: 0, sent: 0, readByBob: 0, readByCarolInNewEpoch: 0 }
  for (let i = 0; i < 5; i++) {
    counts.sends++
    const sent = await outcome(alice.onA.sendMessage(groupId, `after ${i}`))
    if (sent.value === undefined) continue
    counts.sent++
    if ((await decrypted(bob.onB, groupId, sent.value)).answer === "2xx") counts.readByBob++
    const byCarol = await decrypted(carol.onA, groupId, sent.value)
    if (byCarol.text === `after ${i}` && byCarol.epoch === removedAt) counts.readByCarolInNewEpoch++
  }
  return counts
}
