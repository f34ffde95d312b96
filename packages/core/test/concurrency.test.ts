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
  it("lets one of two racing commits win; the loser redoes its commit in the next epoch and nothing forks", async () => {
    const store = new InMemoryStore()
    const one = new MlsClient({ store, stateKey: STATE_KEY })
    const two = new MlsClient({ store, stateKey: STATE_KEY })
    const { ga, gb } = await pair(one)
    // Both instances load the same version of alice's group.
    await one.group(ga)
    await two.group(ga)
    const commits = await Promise.all([one.selfUpdate(ga), two.selfUpdate(ga)])
    expect((await store.getGroup(ga))?.epoch).toBe(3)

    // The commits are epochs 2 and 3 in some order. Offered one, two, one, bob rejects the
    // one that is early or already applied (changing nothing) and applies each in turn.
    const epochs: number[] = []
    for (const commit of [commits[0], commits[1], commits[0]]) {
      const r = await one.processMessage(gb, commit).catch(() => undefined)
      if (r) epochs.push(r.epoch)
    }
    expect(epochs).toEqual([2, 3])
    expect((await one.group(ga)).epoch).toBe(3)
    expect((await two.group(ga)).epoch).toBe(3)
    const ct = await two.sendMessage(ga, text("after the race"))
    const r = await one.processMessage(gb, ct)
    expect(r.kind === "application" && str(r.plaintext)).toBe("after the race")
    const authA = await one.epochAuthenticator(ga)
    const authB = await one.epochAuthenticator(gb)
    expect(Buffer.from(authA).equals(Buffer.from(authB))).toBe(true)
  })

  it("redoes a send from a stale cached state on the stored state instead of reusing a key", async () => {
    const store = new InMemoryStore()
    const one = new MlsClient({ store, stateKey: STATE_KEY })
    const two = new MlsClient({ store, stateKey: STATE_KEY })
    const { ga, gb } = await pair(one)
    await two.group(ga)
    const first = await one.sendMessage(ga, text("one"))
    const second = await two.sendMessage(ga, text("two"))
    const received: string[] = []
    for (const ct of [first, second]) {
      const r = await one.processMessage(gb, ct)
      received.push(r.kind === "application" ? `${str(r.plaintext)}@${r.generation}` : r.kind)
    }
    expect(received).toEqual(["one@0", "two@1"])
  })
})
