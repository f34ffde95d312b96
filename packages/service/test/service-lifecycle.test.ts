import type { MlsEvent } from "@mlskit/events"
import { describe, expect, it } from "vitest"
import { makeService, str, text } from "./helpers.js"

async function scrape(
  service: Awaited<ReturnType<typeof makeService>>["service"],
): Promise<string> {
  return service.registry.metrics()
}

function value(exposition: string, series: string): number {
  const line = exposition.split("\n").find((l) => l.startsWith(`${series} `))
  return line ? Number(line.split(" ")[1]) : Number.NaN
}

describe("MlsService", () => {
  it("runs the seed API end to end, counting, timing and announcing every operation", async () => {
    const { service } = await makeService()
    const events: MlsEvent[] = []
    service.subscribe("*", (e) => {
      events.push(e)
    })
    expect(await service.healthCheck()).toEqual({
      name: "mls_service",
      status: "healthy",
      details: "0 active groups",
    })

    const alice = await service.createIdentity("alice")
    const bob = await service.createIdentity("bob")
    const groupId = await service.createGroup(alice.id, "team")
    const { commit, welcome } = await service.addMembers(
      groupId,
      await service.generateKeyPackages(bob.id, 1),
    )
    expect(commit.length).toBeGreaterThan(0)
    const bobGroup = await service.joinGroup(bob.id, welcome)
    const ciphertext = await service.sendMessage(groupId, text("hello"))
    const result = await service.processMessage(bobGroup, ciphertext)
    expect(result.kind === "application" && str(result.plaintext)).toBe("hello")
    const update = await service.selfUpdate(bobGroup)
    expect((await service.processMessage(groupId, update)).kind).toBe("commit")
    await expect(service.processMessage(bobGroup, text("garbage"))).rejects.toMatchObject({
      code: "INVALID_MESSAGE",
    })

    expect(await service.healthCheck()).toEqual({
      name: "mls_service",
      status: "healthy",
      details: "2 active groups",
    })

    const metrics = await scrape(service)
    expect(value(metrics, "mls_groups_created_total")).toBe(1)
    expect(value(metrics, "mls_messages_encrypted_total")).toBe(1)
    expect(value(metrics, "mls_messages_decrypted_total")).toBe(1)
    expect(value(metrics, "mls_commits_received_total")).toBe(1)
    expect(value(metrics, "mls_members_added_total")).toBe(1)
    expect(value(metrics, "mls_active_groups")).toBe(2)
    expect(value(metrics, "mls_service_health_status")).toBe(0)
    expect(
      value(
        metrics,
        'mls_operation_errors_total{operation="process_message",code="INVALID_MESSAGE"}',
      ),
    ).toBe(1)
    expect(value(metrics, "mls_send_message_duration_ms_count")).toBe(1)
    expect(value(metrics, "mls_create_group_duration_ms_count")).toBe(1)

    await service.events.idle()
    const types = events.map((e) => e.type)
    for (const t of [
      "IdentityCreated",
      "KeyPackagesGenerated",
      "GroupCreated",
      "MemberAdded",
      "GroupJoined",
      "MessageSent",
      "MessageReceived",
      "KeyUpdated",
      "CommitReceived",
      "EpochAdvanced",
      "MessageRejected",
    ]) {
      expect(types).toContain(t)
    }
    expect(JSON.stringify(events)).not.toContain("hello")
  })

  it("keeps event order per group", async () => {
    const { service } = await makeService()
    const alice = await service.createIdentity("alice")
    const groupId = await service.createGroup(alice.id, "g")
    const seen: number[] = []
    service.subscribe("MessageSent", async (e) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3))
      seen.push(e.bytes)
    })
    for (let i = 0; i < 10; i++) await service.sendMessage(groupId, new Uint8Array(i * 100))
    await service.events.idle()
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen).toHaveLength(10)
  })

  it("reports removal, leaving and the active group count", async () => {
    const { service } = await makeService()
    const a = await service.createIdentity("a")
    const b = await service.createIdentity("b")
    const c = await service.createIdentity("c")
    const ga = await service.createGroup(a.id, "g")
    const kps = [
      ...(await service.generateKeyPackages(b.id, 1)),
      ...(await service.generateKeyPackages(c.id, 1)),
    ]
    const { welcome } = await service.addMembers(ga, kps)
    const gb = await service.joinGroup(b.id, welcome)
    const gc = await service.joinGroup(c.id, welcome)
    expect(await service.countActiveGroups()).toBe(3)
    const removal = await service.removeMembers(ga, [1])
    expect((await service.processMessage(gb, removal)).kind).toBe("removed")
    expect((await service.processMessage(gc, removal)).kind).toBe("commit")
    expect(await service.countActiveGroups()).toBe(2)
    await service.leaveGroup(gc)
    expect(await service.countActiveGroups()).toBe(1)
  })
})
