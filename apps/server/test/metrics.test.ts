import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createGroupWith,
  createUsers,
  metricType,
  metricValue,
  startTestServer,
  type TestServer,
} from "./helpers.js"

const HISTOGRAMS = [
  "mls_create_group_duration_ms",
  "mls_join_group_duration_ms",
  "mls_send_message_duration_ms",
  "mls_process_message_duration_ms",
  "mls_add_members_duration_ms",
  "mls_remove_members_duration_ms",
]
const COUNTERS = [
  "mls_messages_encrypted_total",
  "mls_messages_decrypted_total",
  "mls_proposals_received_total",
  "mls_commits_received_total",
  "mls_members_added_total",
  "mls_members_removed_total",
  "mls_groups_created_total",
  "mls_operation_errors_total",
]
const GAUGES = ["mls_active_groups", "mls_service_health_status"]

describe("GET /metrics on the metrics port", () => {
  let t: TestServer
  let exposition: string
  let response: Response

  beforeAll(async () => {
    t = await startTestServer()
    const { alice, bob, carol } = await createUsers(t.admin, "alice", "bob", "carol")
    const groupId = await createGroupWith(alice, [bob, carol])
    const message = await alice.client.sendMessage(groupId, "counted")
    await bob.client.processMessage(groupId, message)
    await carol.client.processMessage(groupId, message)
    const update = await bob.client.selfUpdate(groupId)
    await alice.client.processMessage(groupId, update)
    await carol.client.processMessage(groupId, update)
    const removal = await alice.client.removeMembers(groupId, [2])
    await bob.client.processMessage(groupId, removal)
    await expect(
      bob.client.processMessage(groupId, new Uint8Array([0, 1, 2, 3])),
    ).rejects.toMatchObject({ status: 400 })
    response = await fetch(t.server.metricsUrl ?? "")
    exposition = await response.text()
  })
  afterAll(async () => {
    await t.stop()
  })

  it("is served in the Prometheus text format on its own port", () => {
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(new URL(t.server.metricsUrl ?? "").port).not.toBe(new URL(t.server.url).port)
  })

  it("is not served on the API port", async () => {
    expect((await fetch(`${t.server.url}/metrics`)).status).toBe(404)
  })

  it.each(HISTOGRAMS)("declares %s as a histogram with buckets, sum and count", (name) => {
    expect(metricType(exposition, name)).toBe("histogram")
    expect(exposition).toContain(`${name}_bucket{le="+Inf"}`)
    expect(metricValue(exposition, `${name}_count`)).toBeGreaterThan(0)
  })

  it.each(COUNTERS)("declares %s as a counter", (name) => {
    expect(metricType(exposition, name)).toBe("counter")
  })

  it.each(GAUGES)("declares %s as a gauge", (name) => {
    expect(metricType(exposition, name)).toBe("gauge")
  })

  it("counts what the lifecycle did", () => {
    expect(metricValue(exposition, "mls_groups_created_total")).toBe(1)
    expect(metricValue(exposition, "mls_messages_encrypted_total")).toBe(1)
    expect(metricValue(exposition, "mls_messages_decrypted_total")).toBe(2)
    expect(metricValue(exposition, "mls_members_added_total")).toBe(2)
    expect(metricValue(exposition, "mls_commits_received_total")).toBe(3)
    expect(metricValue(exposition, "mls_members_removed_total")).toBe(1)
    expect(metricValue(exposition, "mls_proposals_received_total")).toBe(0)
    expect(
      metricValue(
        exposition,
        'mls_operation_errors_total{operation="process_message",code="INVALID_MESSAGE"}',
      ),
    ).toBe(1)
    // alice and bob; carol has not processed her removal yet.
    expect(metricValue(exposition, "mls_active_groups")).toBe(3)
    expect(metricValue(exposition, "mls_service_health_status")).toBe(0)
  })

  it("carries no group id or identity in any label", async () => {
    const groups = await t.service.listGroups()
    for (const group of groups) {
      expect(exposition).not.toContain(group.identityId)
      expect(exposition).not.toContain(group.id.split(".")[1])
    }
  })
})
