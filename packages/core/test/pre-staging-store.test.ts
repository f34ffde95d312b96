/**
 * Records written before staged commits existed: a store exported by
 * @mlskit/core at main 2eaaa40 (fixtures/pre-staging-store.json, made with
 * that release's built code). They hold a bare sealed state and no cursor;
 * this release must open them as they are and stage, confirm and mark on them.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { readBlobHeader } from "../src/at-rest.js"
import { BlobKind, InMemoryStore, importSnapshot, MlsClient } from "../src/index.js"
import { str, text } from "./helpers.js"

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/pre-staging-store.json", import.meta.url), "utf8"),
) as { stateKey: string; aliceGroup: string; bobGroup: string; snapshot: string }

async function oldStore() {
  const store = new InMemoryStore()
  await importSnapshot(
    store,
    fixture.stateKey,
    new Uint8Array(Buffer.from(fixture.snapshot, "base64")),
  )
  return { store, client: new MlsClient({ store, stateKey: fixture.stateKey }) }
}

describe("a store written before staged commits", () => {
  it("opens with no pending commit and no cursor", async () => {
    const { store, client } = await oldStore()
    const ga = fixture.aliceGroup
    expect(readBlobHeader((await store.getGroup(ga))!.state).kind).toBe(BlobKind.GroupState)
    expect(await client.pendingCommit(ga)).toBeUndefined()
    const details = await client.group(ga)
    expect(details).toMatchObject({ epoch: 1, name: "before staging" })
    expect(details.appliedSeq).toBeUndefined()
    expect(details.pendingEpoch).toBeUndefined()
  })

  it("stages, confirms and marks on old records, and its members still talk", async () => {
    const { client } = await oldStore()
    const { aliceGroup: ga, bobGroup: gb } = fixture
    const commit = await client.selfUpdate(ga, { staged: true })
    const r = await client.processMessage(ga, await client.sendMessage(gb, text("while pending")), {
      appliedSeq: 1,
    })
    expect(r.kind === "application" && str(r.plaintext)).toBe("while pending")
    expect(await client.confirmCommit(ga, { appliedSeq: 2 })).toEqual({ epoch: 2 })
    expect(await client.processMessage(gb, commit)).toMatchObject({ kind: "commit", epoch: 2 })
    expect(await client.markApplied(gb, 2)).toBe(2)
    expect(Buffer.from(await client.epochAuthenticator(ga))).toEqual(
      Buffer.from(await client.epochAuthenticator(gb)),
    )
    const back = await client.processMessage(gb, await client.sendMessage(ga, text("epoch 2")))
    expect(back.kind === "application" && str(back.plaintext)).toBe("epoch 2")
  })
})
