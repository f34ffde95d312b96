/**
 * With `fanOut: "appliers"` the appending process does not bring the other
 * hosted members up to date itself: the log's shared consumer does, by
 * calling `applyAppended` (one instance per entry on NATS JetStream).
 */
import { InMemoryStore, localGroupId } from "@mlskit/core"
import { InMemoryDeliveryStore, InMemoryGroupLog } from "@mlskit/delivery"
import { afterEach, describe, expect, it } from "vitest"
import type { MlsService } from "../src/index.js"
import { makeService, text } from "./helpers.js"

describe("hosted delivery with a shared applier", () => {
  let service: MlsService | undefined

  afterEach(async () => {
    await service?.shutdown.shutdown("test finished")
  })

  it("leaves the other members to applyAppended, which applies each entry once", async () => {
    const store = new InMemoryStore()
    const made = await makeService({
      store,
      delivery: {
        backend: { log: new InMemoryGroupLog(), deliveryStore: new InMemoryDeliveryStore(store) },
        fanOut: "appliers",
      },
    })
    service = made.service
    const alice = await service.createIdentity("alice")
    await service.createIdentity("bob")
    const group = await service.createGroup(alice.id, "pair")
    const added = await service.deliverAdd(group, { identities: ["bob"] })
    const { mlsGroupId } = await service.client.peekSummary(group)
    const bobs = (await service.client.listGroups()).filter((g) => g.identityId !== alice.id)
    const bobGroup = localGroupId(bobs[0]?.identityId as string, mlsGroupId)
    expect((await service.client.peekSummary(bobGroup)).appliedSeq).toBe(added.seq)

    const sent = await service.deliverMessage(group, text("hello bob"))
    await service.delivery?.idle()
    expect((await service.client.peekSummary(bobGroup)).appliedSeq).toBe(added.seq)

    await service.delivery?.applyAppended(mlsGroupId, "application")
    expect((await service.client.peekSummary(bobGroup)).appliedSeq).toBe(sent.seq)
    // A second call (a redelivery) applies nothing twice.
    await service.delivery?.applyAppended(mlsGroupId, "application")
    const inbox = await service.delivery?.inbox.read(bobs[0]?.identityId as string, {})
    expect(inbox?.filter((e) => e.type === "message")).toHaveLength(1)
  })
})
