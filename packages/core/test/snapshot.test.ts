import { randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import {
  exportSnapshot,
  InMemoryStore,
  importSnapshot,
  inspectSnapshot,
  MlsClient,
} from "../src/index.js"
import { STATE_KEY, str, text } from "./helpers.js"

async function populated() {
  const store = new InMemoryStore()
  const client = new MlsClient({ store, stateKey: STATE_KEY })
  const a = await client.createIdentity("a")
  const b = await client.createIdentity("b")
  const ga = await client.createGroup(a.id, "g")
  const [first] = await client.generateKeyPackages(b.id, 2)
  const { welcome } = await client.addMembers(ga, [first!])
  const gb = await client.joinGroup(b.id, welcome)
  return { store, client, ga, gb }
}

describe("snapshots", () => {
  it("exports every group into one file and imports it into an empty store where the conversation continues", async () => {
    const { store, ga, gb } = await populated()
    const { bytes, summary } = await exportSnapshot(store, STATE_KEY)
    expect(summary).toMatchObject({ identities: 2, keyPackages: 1, groups: 2 })
    const restored = new InMemoryStore()
    expect(await importSnapshot(restored, STATE_KEY, bytes)).toMatchObject({ groups: 2 })
    const client = new MlsClient({ store: restored, stateKey: STATE_KEY })
    const ct = await client.sendMessage(ga, text("restored"))
    const r = await client.processMessage(gb, ct)
    expect(r.kind === "application" && str(r.plaintext)).toBe("restored")
  })

  it("refuses to import into a store that holds data", async () => {
    const { store } = await populated()
    const { bytes } = await exportSnapshot(store, STATE_KEY)
    await expect(importSnapshot(store, STATE_KEY, bytes)).rejects.toMatchObject({
      code: "CONFLICT",
    })
  })

  it("rejects a snapshot opened with the wrong key, or with a flipped byte, and imports nothing", async () => {
    const { store } = await populated()
    const { bytes } = await exportSnapshot(store, STATE_KEY)
    const target = new InMemoryStore()
    await expect(importSnapshot(target, randomBytes(32), bytes)).rejects.toMatchObject({
      code: "CRYPTO_ERROR",
    })
    const flipped = new Uint8Array(bytes)
    flipped[flipped.length - 20]! ^= 1
    await expect(importSnapshot(target, STATE_KEY, flipped)).rejects.toMatchObject({
      code: "CRYPTO_ERROR",
    })
    expect(() => inspectSnapshot(STATE_KEY, bytes.slice(0, 30))).toThrow(/truncated|format/)
    expect(await target.listIdentities()).toEqual([])
  })
})
