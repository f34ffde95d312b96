/**
 * The service's health check reads the store's count of active groups: an
 * empty store is healthy (no group is not a fault), a failing store is
 * unhealthy, and `mls_active_groups` keeps the last count meanwhile, so a
 * scrape during a store outage still answers.
 */
import { InMemoryStore, type MlsStore, StorageError } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { makeService } from "./helpers.js"

/** An in-memory store whose reads can be switched to failing. */
function switchableStore(): { store: MlsStore; fail(down: boolean): void } {
  let down = false
  const store = new Proxy(new InMemoryStore(), {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver)
      if (typeof value !== "function") return value
      return async (...args: unknown[]) => {
        if (down) throw new StorageError("connection refused", { retryable: true })
        return value.apply(target, args)
      }
    },
  })
  return {
    store,
    fail(d) {
      down = d
    },
  }
}

async function series(service: { registry: { metrics(): Promise<string> } }, name: string) {
  const line = (await service.registry.metrics()).split("\n").find((l) => l.startsWith(`${name} `))
  return Number(line?.split(" ")[1])
}

describe("MlsService health", () => {
  it("is healthy with 0 active groups on an empty store", async () => {
    const { service } = await makeService()
    expect(await service.healthCheck()).toEqual({
      name: "mls_service",
      status: "healthy",
      details: "0 active groups",
    })
    expect(await series(service, "mls_active_groups")).toBe(0)
    expect(await series(service, "mls_service_health_status")).toBe(0)
  })

  it("is unhealthy while the store fails, and a scrape still reports the last count", async () => {
    const { store, fail } = switchableStore()
    const { service } = await makeService({ store })
    const alice = await service.createIdentity("alice")
    await service.createGroup(alice.id, "one")
    await service.createGroup(alice.id, "two")
    expect(await series(service, "mls_active_groups")).toBe(2)
    fail(true)
    expect(await service.healthCheck()).toEqual({
      name: "mls_service",
      status: "unhealthy",
      details: "store unavailable (STORAGE_ERROR)",
    })
    expect(await series(service, "mls_active_groups")).toBe(2)
    expect(await series(service, "mls_service_health_status")).toBe(2)
    fail(false)
    expect((await service.healthCheck()).status).toBe("healthy")
  })
})
