/**
 * Hosted delivery on two server processes sharing one PostgreSQL schema:
 * members added on A read their inbox on B; members committing at the same
 * time through different instances never fork (the epoch fence is in the
 * shared log, the losing intent is redone); every member ends with the same
 * epoch authenticator whichever instance it is read through.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { DeliveryApi } from "./delivery-api.js"
import { createUsers } from "./helpers.js"
import { type InstancePair, startInstancePair } from "./instance-pair.js"
import { describeWithPostgres } from "./postgres.js"

describeWithPostgres("hosted delivery on two instances (PostgreSQL)", () => {
  let pair: InstancePair
  let tokens: Record<"alice" | "bob" | "carol", string>

  beforeAll(async () => {
    pair = await startInstancePair("", { MLSKIT_DELIVERY_DRIVER: "store" })
    const users = await createUsers(pair.adminA, "alice", "bob", "carol")
    tokens = { alice: users.alice.token, bob: users.bob.token, carol: users.carol.token }
  }, 60_000)
  afterAll(async () => {
    await pair?.stop()
  })

  const on = (instance: "a" | "b", name: keyof typeof tokens) =>
    new DeliveryApi(pair[instance].url, tokens[name])

  it("delivers a message sent on A to members reading on B", async () => {
    const { groupId } = await on("a", "alice").createGroup("across")
    await on("a", "alice").add(groupId, { identities: ["bob", "carol"] })
    await on("a", "alice").send(groupId, "from A")
    for (const name of ["bob", "carol"] as const) {
      const page = await on("b", name).inbox(0, { wait: 10 })
      const texts = (await on("b", name).allInbox()).map((e) => e.text)
      expect(page.entries.length).toBeGreaterThan(0)
      expect(texts.filter((t) => t === "from A")).toHaveLength(1)
    }
  })

  it("members committing at once through A and B never fork", async () => {
    const { groupId } = await on("a", "alice").createGroup("racing")
    await on("a", "alice").add(groupId, { identities: ["bob", "carol"] })
    const start = (await on("b", "bob").group(groupId)).epoch
    const rounds = 30
    for (let round = 0; round < rounds; round++) {
      const [a, b] = await Promise.all([
        on("a", "alice").update(groupId),
        on("b", "bob").update(groupId),
      ])
      expect(a.epoch).not.toBe(b.epoch)
    }
    const seen = await Promise.all([
      on("a", "alice").group(groupId),
      on("b", "alice").group(groupId),
      on("a", "bob").group(groupId),
      on("b", "bob").group(groupId),
      on("a", "carol").group(groupId),
      on("b", "carol").group(groupId),
    ])
    expect(seen.map((g) => g.epoch)).toEqual(Array(6).fill(start + 2 * rounds))
    expect(new Set(seen.map((g) => g.epochAuthenticator)).size).toBe(1)
    const log = await on("b", "carol").log(groupId)
    const commits = log.entries.filter((e) => e.kind === "commit")
    expect(new Set(commits.map((e) => e.epoch)).size).toBe(commits.length)
    const redos = await Promise.all(
      [pair.a, pair.b].map(async (p) => {
        const text = await (await fetch(p.metricsUrl)).text()
        const line = text.split("\n").find((l) => l.startsWith("mls_delivery_commit_redo_total "))
        return Number(line?.split(" ")[1] ?? 0)
      }),
    )
    console.log(`two instances, ${rounds} racing rounds: redos on A/B ${redos.join(" / ")}`)
    expect((redos[0] ?? 0) + (redos[1] ?? 0)).toBeGreaterThan(0)
  }, 120_000)
})
