import { describe, expect, it } from "vitest"
import { InMemoryStore, MlsClient } from "../src/index.js"
import { makeClient, STATE_KEY, str, text } from "./helpers.js"

describe("a three-member group lifecycle", () => {
  it("creates, adds two, messages in every direction, self-updates and removes one", async () => {
    const client = makeClient()
    const alice = await client.createIdentity("alice")
    const bob = await client.createIdentity("bob")
    const carol = await client.createIdentity("carol")
    const aliceGroup = await client.createGroup(alice.id, "team")

    const [bobKp] = await client.generateKeyPackages(bob.id, 1)
    const [carolKp] = await client.generateKeyPackages(carol.id, 1)
    const added = await client.addMembers(aliceGroup, [bobKp!, carolKp!])
    expect(added.epoch).toBe(1)
    expect(added.addedLeafIndices).toEqual([1, 2])

    const bobGroup = await client.joinGroup(bob.id, added.welcome)
    const carolGroup = await client.joinGroup(carol.id, added.welcome)
    expect(await client.listKeyPackages(bob.id)).toEqual([])
    expect((await client.members(bobGroup)).map((m) => m.identity)).toEqual([
      "alice",
      "bob",
      "carol",
    ])

    const groups = { alice: aliceGroup, bob: bobGroup, carol: carolGroup }
    for (const [from, fromGroup] of Object.entries(groups)) {
      const ct = await client.sendMessage(fromGroup, text(`hello from ${from}`))
      for (const [to, toGroup] of Object.entries(groups)) {
        if (to === from) continue
        const result = await client.processMessage(toGroup, ct)
        expect(result.kind).toBe("application")
        if (result.kind !== "application") return
        expect(str(result.plaintext)).toBe(`hello from ${from}`)
        expect(result.sender.identity).toBe(from)
      }
    }

    const update = await client.selfUpdate(bobGroup)
    for (const g of [aliceGroup, carolGroup]) {
      const r = await client.processMessage(g, update)
      expect(r).toMatchObject({ kind: "commit", epoch: 2, membersAdded: [], membersRemoved: [] })
    }

    const removal = await client.removeMembers(aliceGroup, [2])
    const bobSees = await client.processMessage(bobGroup, removal)
    expect(bobSees.kind).toBe("commit")
    if (bobSees.kind === "commit")
      expect(bobSees.membersRemoved.map((m) => m.identity)).toEqual(["carol"])
    const carolSees = await client.processMessage(carolGroup, removal)
    expect(carolSees).toMatchObject({ kind: "removed", epoch: 3 })
    await expect(client.sendMessage(carolGroup, text("still here?"))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })

    const last = await client.sendMessage(bobGroup, text("just us"))
    const r = await client.processMessage(aliceGroup, last)
    expect(r.kind === "application" && str(r.plaintext)).toBe("just us")
    expect((await client.group(aliceGroup)).members.map((m) => m.identity)).toEqual([
      "alice",
      "bob",
    ])
  })

  it("agrees on exported secrets across members", async () => {
    const client = makeClient()
    const a = await client.createIdentity("a")
    const b = await client.createIdentity("b")
    const ga = await client.createGroup(a.id, "g")
    const { welcome } = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
    const gb = await client.joinGroup(b.id, welcome)
    const sa = await client.exportSecret(ga, "label", text("ctx"), 32)
    const sb = await client.exportSecret(gb, "label", text("ctx"), 32)
    expect(Buffer.from(sa).equals(Buffer.from(sb))).toBe(true)
    expect(await client.exportSecret(ga, "other", text("ctx"), 32)).not.toEqual(sa)
  })

  it("lets a member leave by proposal that another member commits", async () => {
    const client = makeClient()
    const a = await client.createIdentity("a")
    const b = await client.createIdentity("b")
    const ga = await client.createGroup(a.id, "g")
    const { welcome } = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
    const gb = await client.joinGroup(b.id, welcome)
    const proposal = await client.leaveGroup(gb)
    await expect(client.group(gb)).rejects.toMatchObject({ code: "GROUP_NOT_FOUND" })
    const seen = await client.processMessage(ga, proposal)
    expect(seen).toMatchObject({
      kind: "proposal",
      proposalType: "remove",
      sender: { identity: "b" },
    })
    await client.selfUpdate(ga)
    expect((await client.members(ga)).map((m) => m.identity)).toEqual(["a"])
  })

  it("continues the conversation when every operation reloads the group from the store", async () => {
    const store = new InMemoryStore()
    const fresh = () => new MlsClient({ store, stateKey: STATE_KEY, cacheSize: 0 })
    const alice = await fresh().createIdentity("alice")
    const bob = await fresh().createIdentity("bob")
    const ga = await fresh().createGroup(alice.id, "g")
    const { welcome } = await fresh().addMembers(ga, await fresh().generateKeyPackages(bob.id, 1))
    const gb = await fresh().joinGroup(bob.id, welcome)
    for (let i = 0; i < 5; i++) {
      const m = await fresh().sendMessage(i % 2 ? ga : gb, text(`m${i}`))
      const r = await fresh().processMessage(i % 2 ? gb : ga, m)
      expect(r.kind === "application" && str(r.plaintext)).toBe(`m${i}`)
      const c = await fresh().selfUpdate(i % 2 ? gb : ga)
      await fresh().processMessage(i % 2 ? ga : gb, c)
    }
    expect((await store.getGroup(ga))?.epoch).toBe(6)
  })
})

describe("rejoining", () => {
  it("lets a removed member join the same group again from a new welcome", async () => {
    const client = makeClient()
    const a = await client.createIdentity("a")
    const b = await client.createIdentity("b")
    const ga = await client.createGroup(a.id, "g")
    const first = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
    const gb = await client.joinGroup(b.id, first.welcome)
    const removal = await client.removeMembers(ga, [1])
    expect((await client.processMessage(gb, removal)).kind).toBe("removed")
    const again = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
    expect(await client.joinGroup(b.id, again.welcome)).toBe(gb)
    const r = await client.processMessage(gb, await client.sendMessage(ga, text("welcome back")))
    expect(r.kind === "application" && str(r.plaintext)).toBe("welcome back")
  })

  it("refuses a second join while the member is active", async () => {
    const client = makeClient()
    const a = await client.createIdentity("a")
    const b = await client.createIdentity("b")
    const ga = await client.createGroup(a.id, "g")
    const [kp1, kp2] = await client.generateKeyPackages(b.id, 2)
    const first = await client.addMembers(ga, [kp1!])
    await client.joinGroup(b.id, first.welcome)
    await client.removeMembers(ga, [1])
    const second = await client.addMembers(ga, [kp2!])
    await expect(client.joinGroup(b.id, second.welcome)).rejects.toMatchObject({ code: "CONFLICT" })
  })
})
