import { decodeGroupState, encodeGroupState } from "ts-mls"
import { describe, expect, it } from "vitest"
import { InMemoryStore, MlsClient } from "../src/index.js"
import * as mls from "../src/mls-adapter.js"
import { STATE_KEY, text } from "./helpers.js"

/** Stored states of every group, decoded: what the next operation would load. */
async function storedStates(store: InMemoryStore, client: MlsClient) {
  const cipher = (await import("../src/at-rest.js")).createAtRestCipher(
    STATE_KEY,
    mls.TS_MLS_VERSION,
  )
  return Promise.all(
    (await store.listGroups()).map(async (g) => {
      const { plaintext } = cipher.open(g.state, { kind: 1, context: `group:${g.id}` })
      void client
      return {
        bytes: plaintext,
        state: mls.decodeState(plaintext, mls.clientConfigFor(client.config)),
      }
    }),
  )
}

describe("segmented state encoding", () => {
  it("round-trips every state of a lifecycle to exactly ts-mls's canonical encoding, with reused segments", async () => {
    const store = new InMemoryStore()
    const client = new MlsClient({ store, stateKey: STATE_KEY })
    const a = await client.createIdentity("a")
    const b = await client.createIdentity("b")
    const c = await client.createIdentity("c")
    const ga = await client.createGroup(a.id, "g")
    const { welcome } = await client.addMembers(ga, [
      ...(await client.generateKeyPackages(b.id, 1)),
      ...(await client.generateKeyPackages(c.id, 1)),
    ])
    const gb = await client.joinGroup(b.id, welcome)
    const gc = await client.joinGroup(c.id, welcome)
    const steps: (() => Promise<unknown>)[] = [
      async () => client.processMessage(gb, await client.sendMessage(ga, text("1"))),
      async () => {
        const commit = await client.selfUpdate(gb)
        await client.processMessage(ga, commit)
        await client.processMessage(gc, commit)
      },
      async () => client.processMessage(ga, await client.sendMessage(gc, text("2"))),
      async () => {
        const commit = await client.removeMembers(ga, [2])
        await client.processMessage(gb, commit)
        await client.processMessage(gc, commit)
      },
    ]
    for (const step of steps) {
      await step()
      for (const { bytes, state } of await storedStates(store, client)) {
        // Rebuild the state through ts-mls's own full codec: fresh objects that
        // no cached segment belongs to. Encoding them from scratch must give
        // exactly the stored bytes, which were written with reused segments.
        const fullCodec = decodeGroupState(encodeGroupState(state), 0)
        expect(fullCodec).toBeDefined()
        const rebuilt = { ...fullCodec![0], clientConfig: state.clientConfig }
        expect(Buffer.from(mls.encodeState(rebuilt)).equals(Buffer.from(bytes))).toBe(true)
      }
    }
    const fresh = new MlsClient({ store, stateKey: STATE_KEY, cacheSize: 0 })
    const r = await fresh.processMessage(gb, await client.sendMessage(ga, text("after")))
    expect(r.kind).toBe("application")
  })

  it("writes layout 3 and still reads layout 2 (states stored before derivation on demand)", async () => {
    const store = new InMemoryStore()
    const client = new MlsClient({ store, stateKey: STATE_KEY })
    const a = await client.createIdentity("a")
    await client.createGroup(a.id, "g")
    const [stored] = await storedStates(store, client)
    if (!stored) throw new Error("no stored group")
    const { bytes, state } = stored
    expect(bytes[0]).toBe(3)
    const older = Uint8Array.from(bytes)
    older[0] = 2
    const decoded = mls.decodeState(older, state.clientConfig)
    expect(mls.epochOf(decoded)).toBe(mls.epochOf(state))
  })

  it("rejects a stored state with an unknown layout or truncated segments", () => {
    const config = mls.clientConfigFor({
      ciphersuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
      protocolVersion: "1",
      commitWireFormat: "public",
      ratchetTreeExtension: true,
      retainEpochs: 4,
      maxForwardRatchetSteps: 1000,
    })
    expect(() => mls.decodeState(new Uint8Array([1, 0, 0]), config)).toThrow(/layout/)
    expect(() => mls.decodeState(new Uint8Array([4, 0, 0]), config)).toThrow(/layout/)
    expect(() => mls.decodeState(new Uint8Array([2, 0, 0, 0, 9]), config)).toThrow(/truncated/)
    expect(() => mls.decodeState(new Uint8Array([3, 0, 0, 0, 9]), config)).toThrow(/truncated/)
  })
})
