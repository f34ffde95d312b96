/**
 * Inbox retention also drops Welcomes nobody acknowledged: identities whose
 * keys live elsewhere that never fetch them do not keep them forever.
 */
import { InMemoryStore } from "@mlskit/core"
import { InMemoryDeliveryStore, InMemoryGroupLog } from "@mlskit/delivery"
import { afterEach, describe, expect, it } from "vitest"
import type { MlsService } from "../src/index.js"
import { makeService } from "./helpers.js"

describe("delivery retention", () => {
  let service: MlsService | undefined

  afterEach(async () => {
    await service?.shutdown.shutdown("test finished")
  })

  it("drops inbox entries and Welcomes older than inbox_max_age_ms, keeps newer ones", async () => {
    const store = new InMemoryStore()
    const deliveryStore = new InMemoryDeliveryStore(store)
    const made = await makeService({
      store,
      delivery: {
        backend: { log: new InMemoryGroupLog(), deliveryStore },
        inboxRetention: { maxAgeMs: 60_000 },
        inboxTrimIntervalMs: 20,
      },
    })
    service = made.service
    const eve = await service.createExternalIdentity("eve")
    const groupId = new Uint8Array([1, 2, 3])
    const welcome = new Uint8Array([0, 1, 0, 3, 9])
    const now = Date.now()
    await deliveryStore.putWelcome({
      id: "old",
      identityId: eve.id,
      mlsGroupId: groupId,
      welcome,
      createdAt: now - 120_000,
    })
    await deliveryStore.putWelcome({
      id: "new",
      identityId: eve.id,
      mlsGroupId: groupId,
      welcome,
      createdAt: now,
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await service.listWelcomes(eve.id)).map((w) => w.id)).toEqual(["new"])
  })
})
