import { describe, expect, it } from "vitest"
import { makeClient, str, text } from "./helpers.js"

describe("bounded cache of decoded group states", () => {
  it("keeps at most cacheSize states decoded while many groups are used concurrently, in order per group", async () => {
    const client = makeClient({ cacheSize: 3 })
    const groups: { ga: string; gb: string }[] = []
    for (let i = 0; i < 12; i++) {
      const a = await client.createIdentity(`a${i}`)
      const b = await client.createIdentity(`b${i}`)
      const ga = await client.createGroup(a.id, `g${i}`)
      const { welcome } = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
      groups.push({ ga, gb: await client.joinGroup(b.id, welcome) })
    }
    expect(client.cachedGroups).toBeLessThanOrEqual(3)
    const sends = groups.flatMap(({ ga }, g) =>
      Array.from({ length: 8 }, (_, m) =>
        client.sendMessage(ga, text(`g${g} m${m}`)).then((ct) => ({ g, m, ct })),
      ),
    )
    const sent = await Promise.all(sends)
    expect(client.cachedGroups).toBeLessThanOrEqual(3)
    for (const { g, m, ct } of sent) {
      const r = await client.processMessage(groups[g]!.gb, ct)
      expect(r.kind === "application" && str(r.plaintext)).toBe(`g${g} m${m}`)
    }
    expect(client.cachedGroups).toBeLessThanOrEqual(3)
  })
})
