import { ApiError, ConnectionError } from "@mlskit/client"
import { InMemoryStore, type MlsStore } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { RETRY_AFTER_SECONDS } from "../src/index.js"
import { createGroupWith, createUsers, startTestServer } from "./helpers.js"

/** An in-memory store whose group writes can be held at a gate, to keep a request in flight. */
function gatedStore(): { store: MlsStore; hold(): { entered: Promise<void>; release(): void } } {
  const inner = new InMemoryStore()
  let gate: { enter: () => void; released: Promise<void> } | undefined
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property !== "updateGroup") {
        const value = Reflect.get(target, property, receiver)
        return typeof value === "function" ? value.bind(target) : value
      }
      return async (...args: Parameters<MlsStore["updateGroup"]>) => {
        const held = gate
        if (held) {
          gate = undefined
          held.enter()
          await held.released
        }
        return target.updateGroup(...args)
      }
    },
  })
  return {
    store,
    hold() {
      let enter!: () => void
      let release!: () => void
      const entered = new Promise<void>((resolve) => {
        enter = resolve
      })
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      gate = { enter, released }
      return { entered, release }
    },
  }
}

describe("graceful shutdown", () => {
  it("turns readiness 503 at once, refuses new work with 503, answers the request in flight, then closes", async () => {
    const { store, hold } = gatedStore()
    const t = await startTestServer({ store })
    const { alice, bob } = await createUsers(t.admin, "alice", "bob")
    const groupId = await createGroupWith(alice, [bob])
    expect((await alice.client.ready()).status).toBe(200)

    const gate = hold()
    const inFlight = alice.client.sendMessage(groupId, "sent while shutting down")
    await gate.entered
    const stopping = t.service.shutdown.shutdown("SIGTERM")

    const ready = await bob.client.ready()
    expect(ready.status).toBe(503)
    expect(ready.body.status).toBe("unhealthy")
    expect((await bob.client.live()).status).toBe(200)
    const refused = await bob.client.getGroup(groupId).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    })

    gate.release()
    const message = await inFlight
    const result = await stopping
    expect(result).toMatchObject({ ok: true, inFlightAbandoned: 0, exitCode: 0 })
    expect(result.hooks.map((h) => h.name)).toEqual(["http-server", "mls-service"])

    const afterClose = await bob.client.listGroups().catch((e: unknown) => e)
    expect(afterClose).toBeInstanceOf(ConnectionError)
    expect((afterClose as ConnectionError).failure).toBe("refused")
    expect(message.length).toBeGreaterThan(0)
  })

  it("answers 503 with Retry-After on every API route once shutdown stops accepting work", async () => {
    const t = await startTestServer()
    const { alice } = await createUsers(t.admin, "alice")
    const gate = t.service.shutdown.begin()
    const stopping = t.service.shutdown.shutdown("SIGTERM")
    for (const call of [
      () => alice.client.createGroup("late"),
      () => alice.client.listGroups(),
      () => t.admin.createIdentity("late"),
      () => alice.client.events(),
    ]) {
      await expect(call()).rejects.toMatchObject({
        status: 503,
        code: "SERVICE_UNAVAILABLE",
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      })
    }
    gate.end()
    expect((await stopping).ok).toBe(true)
  })
})
