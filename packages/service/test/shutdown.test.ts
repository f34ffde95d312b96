import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { InMemoryStore, importSnapshot } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { makeService, text } from "./helpers.js"

describe("graceful shutdown", () => {
  it("refuses new work with ServiceUnavailable, drains in-flight work, exports a snapshot and closes the store", async () => {
    const snapshotDir = mkdtempSync(join(tmpdir(), "mlskit-snap-"))
    const store = new InMemoryStore()
    const { service, stateKey } = await makeService({ store, snapshotDir })
    const alice = await service.createIdentity("alice")
    const groupId = await service.createGroup(alice.id, "g")
    const inFlight = service.sendMessage(groupId, text("in flight"))
    const done = service.shutdown.shutdown("test")
    while (service.shutdown.isAccepting) await new Promise((r) => setImmediate(r))
    await expect(service.sendMessage(groupId, text("late"))).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      retryable: true,
    })
    await expect(inFlight).resolves.toBeInstanceOf(Uint8Array)
    const result = await done
    expect(result.exitCode).toBe(0)
    expect((await service.healthCheck()).status).toBe("unhealthy")
    await expect(store.listGroups()).rejects.toMatchObject({ code: "STORAGE_ERROR" })

    const files = readdirSync(snapshotDir)
    expect(files).toHaveLength(1)
    const restored = new InMemoryStore()
    const summary = await importSnapshot(
      restored,
      stateKey,
      new Uint8Array(readFileSync(join(snapshotDir, files[0]!))),
    )
    expect(summary).toMatchObject({ identities: 1, groups: 1 })
    expect((await restored.listGroups())[0]!.version).toBe(1)
    const metrics = await service.registry.metrics()
    expect(metrics).toMatch(
      /mls_operation_errors_total\{operation="send_message",code="SERVICE_UNAVAILABLE"\} 1/,
    )
  })
})
