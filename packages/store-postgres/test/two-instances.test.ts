/**
 * Two instances of one member on one PostgreSQL schema, each an MlsClient
 * with its own pool and its own cache of decoded states, as two server
 * processes behind a load balancer. What one instance writes, the other
 * must act on: a stale cache never rejects a valid message, and no send
 * uses an epoch older than the stored one (also under reserved generations).
 */
import { randomBytes } from "node:crypto"
import {
  InMemoryStore,
  type LocalGroupId,
  MlsClient,
  type MlsStore,
  type ProcessResult,
} from "@mlskit/core"
import { afterEach, expect, it } from "vitest"
import { openPostgresStore } from "../src/index.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

const stateKey = randomBytes(32)
const text = (s: string) => new TextEncoder().encode(s)

function plaintextAt(r: ProcessResult): string {
  if (r.kind !== "application") throw new Error(`expected application data, got ${r.kind}`)
  return `${new TextDecoder().decode(r.plaintext)}@${r.epoch}`
}

describeWithPostgres("two instances of one member on one PostgreSQL schema", () => {
  const schema = randomSchema()
  const stores: MlsStore[] = []

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()))
    await dropSchema(schema)
  })

  /** alice on instances A and B (both with her group cached at epoch 1); bob and carol elsewhere. */
  async function setup(reservedGenerations = 1) {
    const options = { connection: PG_URL, schema }
    const [storeA, storeB] = await Promise.all([
      openPostgresStore(options),
      openPostgresStore(options),
    ])
    stores.push(storeA, storeB)
    const A = new MlsClient({ store: storeA, stateKey, reservedGenerations })
    const B = new MlsClient({ store: storeB, stateKey, reservedGenerations })
    const peers = new MlsClient({ store: new InMemoryStore(), stateKey })
    const alice = await A.createIdentity("alice")
    const bob = await peers.createIdentity("bob")
    const carol = await peers.createIdentity("carol")
    const ga = await A.createGroup(alice.id, "shared")
    const { welcome } = await A.addMembers(ga, [
      ...(await peers.generateKeyPackages(bob.id, 1)),
      ...(await peers.generateKeyPackages(carol.id, 1)),
    ])
    const gb = await peers.joinGroup(bob.id, welcome)
    const gc = await peers.joinGroup(carol.id, welcome)
    await B.group(ga)
    return { A, B, peers, ga, gb, gc }
  }

  async function receive(client: MlsClient, groupId: LocalGroupId, ciphertext: Uint8Array) {
    return plaintextAt(await client.processMessage(groupId, ciphertext))
  }

  it("processes on A a message of the epoch B moved the state to, and A sends in that epoch", async () => {
    const { A, B, peers, ga, gb } = await setup()
    await peers.processMessage(gb, await B.selfUpdate(ga))
    expect(await receive(A, ga, await peers.sendMessage(gb, text("to A")))).toBe("to A@2")
    expect(await receive(peers, gb, await A.sendMessage(ga, text("from A")))).toBe("from A@2")
    expect((await B.group(ga)).epoch).toBe(2)
  })

  it("never lets A send under its reservation in the epoch before B removed a member", async () => {
    const { A, B, peers, ga, gb, gc } = await setup(16)
    expect(await receive(peers, gc, await A.sendMessage(ga, text("before")))).toBe("before@1")
    B.evict(ga) // B reads the state A's reservation wrote, as a process that starts now would.
    await peers.processMessage(gc, await B.removeMembers(ga, [1]))
    for (const t of ["after 1", "after 2"]) {
      const ciphertext = await A.sendMessage(ga, text(t))
      expect(await receive(peers, gc, ciphertext)).toBe(`${t}@2`)
      await expect(peers.processMessage(gb, ciphertext)).rejects.toMatchObject({
        code: "INVALID_MESSAGE",
      })
    }
  })
})
