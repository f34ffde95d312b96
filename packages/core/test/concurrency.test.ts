import { describe, expect, it } from "vitest"
import { InMemoryStore, MlsClient } from "../src/index.js"
import { makeClient, STATE_KEY, str, text } from "./helpers.js"

async function pair(client: MlsClient) {
  const a = await client.createIdentity("a")
  const b = await client.createIdentity("b")
  const ga = await client.createGroup(a.id, "g")
  const { welcome } = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
  return { ga, gb: await client.joinGroup(b.id, welcome) }
}

describe("per-group serialization", () => {
  it("gives 200 concurrent sends on one group distinct ciphertexts that the peer decrypts in order", async () => {
    const client = makeClient()
    const { ga, gb } = await pair(client)
    const sent = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.sendMessage(ga, text(`m${i}`))),
    )
    expect(new Set(sent.map((c) => Buffer.from(c).toString("hex"))).size).toBe(200)
    const received: string[] = []
    for (const ct of sent) {
      const r = await client.processMessage(gb, ct)
      if (r.kind === "application") received.push(str(r.plaintext))
    }
    expect(received).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`))
    expect((await client.listGroups()).find((g) => g.id === ga)?.version).toBe(202)
  })

  it("runs 50 groups concurrently", async () => {
    const client = makeClient()
    const pairs = await Promise.all(Array.from({ length: 50 }, () => pair(client)))
    const results = await Promise.all(
      pairs.map(async ({ ga, gb }, i) => {
        const ct = await client.sendMessage(ga, text(`group ${i}`))
        const r = await client.processMessage(gb, ct)
        return r.kind === "application" ? str(r.plaintext) : ""
      }),
    )
    expect(results).toEqual(pairs.map((_, i) => `group ${i}`))
  })
})

describe("two clients on one shared store", () => {
  it("lets exactly one of two racing commits win; the loser gets Conflict and nothing forks", async () => {
    const store = new InMemoryStore()
    const one = new MlsClient({ store, stateKey: STATE_KEY })
    const two = new MlsClient({ store, stateKey: STATE_KEY })
    const { ga, gb } = await pair(one)
    // Both instances load the same version of alice's group.
    await one.group(ga)
    await two.group(ga)
    const results = await Promise.allSettled([one.selfUpdate(ga), two.selfUpdate(ga)])
    const won = results.filter((r) => r.status === "fulfilled")
    const lost = results.filter((r) => r.status === "rejected")
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
      code: "CONFLICT",
      retryable: true,
    })

    // The winning commit is the only epoch 2; bob follows it and both instances converge after reloading.
    const commit = (won[0] as PromiseFulfilledResult<Uint8Array>).value
    await one.processMessage(gb, commit)
    expect((await one.group(ga)).epoch).toBe(2)
    expect((await two.group(ga)).epoch).toBe(2)
    const ct = await two.sendMessage(ga, text("after the race"))
    const r = await one.processMessage(gb, ct)
    expect(r.kind === "application" && str(r.plaintext)).toBe("after the race")
    const authA = await one.epochAuthenticator(ga)
    const authB = await one.epochAuthenticator(gb)
    expect(Buffer.from(authA).equals(Buffer.from(authB))).toBe(true)
  })

  it("rejects a send from a stale cached state with Conflict instead of reusing a key", async () => {
    const store = new InMemoryStore()
    const one = new MlsClient({ store, stateKey: STATE_KEY })
    const two = new MlsClient({ store, stateKey: STATE_KEY })
    const { ga, gb } = await pair(one)
    await two.group(ga)
    const first = await one.sendMessage(ga, text("one"))
    await expect(two.sendMessage(ga, text("two"))).rejects.toMatchObject({ code: "CONFLICT" })
    const retried = await two.sendMessage(ga, text("two"))
    for (const [ct, expected] of [
      [first, "one"],
      [retried, "two"],
    ] as const) {
      const r = await one.processMessage(gb, ct)
      expect(r.kind === "application" && str(r.plaintext)).toBe(expected)
    }
  })
})
