import {
  ConflictError,
  CryptoError,
  InvalidMessageError,
  type MlskitError,
  type OperationName,
} from "@mlskit/core"
import { simulateOperation } from "@mlskit/core/testing"
import { Registry } from "prom-client"
import { describe, expect, it } from "vitest"
import { createMlsMetrics } from "../src/index.js"
import { sampleValue } from "./exposition.js"

function setup() {
  const registry = new Registry()
  const metrics = createMlsMetrics({ registry })
  const value = async (name: string, labels?: Record<string, string>) =>
    sampleValue(await registry.metrics(), name, labels)
  return { registry, metrics, value }
}

describe("metrics recorded from operation hooks", () => {
  it("counts a sent message as encrypted and observes its duration", async () => {
    const { metrics, value } = setup()
    await simulateOperation(metrics, "send_message", {
      attributes: { groupId: "g1", inputBytes: 5 },
      result: { outputBytes: 120, epoch: 3 },
      durationMs: 4,
    })
    expect(await value("mls_messages_encrypted_total")).toBe(1)
    expect(await value("mls_send_message_duration_ms_count")).toBe(1)
    expect(await value("mls_send_message_duration_ms_sum")).toBe(4)
    expect(await value("mls_send_message_duration_ms_bucket", { le: "2.5" })).toBe(0)
    expect(await value("mls_send_message_duration_ms_bucket", { le: "5" })).toBe(1)
  })

  it("counts processed messages by what they turned out to be", async () => {
    const { metrics, value } = setup()
    const process = (contentType: "application" | "proposal" | "commit") =>
      simulateOperation(metrics, "process_message", { result: { contentType } })
    await process("application")
    await process("application")
    await process("proposal")
    await process("commit")
    expect(await value("mls_messages_decrypted_total")).toBe(2)
    expect(await value("mls_proposals_received_total")).toBe(1)
    expect(await value("mls_commits_received_total")).toBe(1)
    expect(await value("mls_process_message_duration_ms_count")).toBe(4)
  })

  it("adds the number of members added or removed, not the number of operations", async () => {
    const { metrics, value } = setup()
    await simulateOperation(metrics, "add_members", { result: { membersAdded: 3 } })
    await simulateOperation(metrics, "add_members", { result: { membersAdded: 2 } })
    await simulateOperation(metrics, "remove_members", { result: { membersRemoved: 1 } })
    expect(await value("mls_members_added_total")).toBe(5)
    expect(await value("mls_members_removed_total")).toBe(1)
  })

  it("counts created groups but not joined ones", async () => {
    const { metrics, value } = setup()
    await simulateOperation(metrics, "create_group", { result: { groupId: "g1", epoch: 0 } })
    await simulateOperation(metrics, "join_group", { result: { groupId: "g2", epoch: 4 } })
    expect(await value("mls_groups_created_total")).toBe(1)
    expect(await value("mls_create_group_duration_ms_count")).toBe(1)
    expect(await value("mls_join_group_duration_ms_count")).toBe(1)
  })

  it("counts a failure under its operation and error code, and not as a success", async () => {
    const { metrics, value } = setup()
    const fail = (operation: OperationName, error: MlskitError) =>
      simulateOperation(metrics, operation, { error, result: { contentType: "application" } })
    await fail("process_message", new InvalidMessageError("undecodable"))
    await fail("process_message", new InvalidMessageError("wrong epoch"))
    await fail("process_message", new CryptoError("bad tag"))
    await fail("send_message", new ConflictError())
    expect(
      await value("mls_operation_errors_total", {
        operation: "process_message",
        code: "INVALID_MESSAGE",
      }),
    ).toBe(2)
    expect(
      await value("mls_operation_errors_total", {
        operation: "process_message",
        code: "CRYPTO_ERROR",
      }),
    ).toBe(1)
    expect(
      await value("mls_operation_errors_total", { operation: "send_message", code: "CONFLICT" }),
    ).toBe(1)
    expect(await value("mls_messages_decrypted_total")).toBe(0)
    expect(await value("mls_messages_encrypted_total")).toBe(0)
    expect(await value("mls_process_message_duration_ms_count")).toBe(3)
  })

  it("times other operations in mls_operation_duration_ms labelled by operation", async () => {
    const { metrics, value } = setup()
    await simulateOperation(metrics, "self_update", { durationMs: 7 })
    await simulateOperation(metrics, "leave_group", { durationMs: 2 })
    await simulateOperation(metrics, "self_update", { durationMs: 1 })
    expect(await value("mls_operation_duration_ms_count", { operation: "self_update" })).toBe(2)
    expect(await value("mls_operation_duration_ms_sum", { operation: "self_update" })).toBe(8)
    expect(await value("mls_operation_duration_ms_count", { operation: "leave_group" })).toBe(1)
    expect(await value("mls_operation_duration_ms_count", { operation: "send_message" })).toBe(
      undefined,
    )
  })

  it("keeps working when onEnd is called detached from the metrics object", async () => {
    const { metrics, value } = setup()
    const { onEnd } = metrics
    onEnd("send_message", { attributes: {}, durationMs: 1 })
    expect(await value("mls_messages_encrypted_total")).toBe(1)
  })

  it("never throws from onEnd, even on malformed outcomes", async () => {
    const { metrics, value } = setup()
    const malformed = [
      { attributes: {}, durationMs: Number.NaN },
      { attributes: {}, durationMs: -5 },
      { attributes: { membersAdded: Number.POSITIVE_INFINITY }, durationMs: 1 },
      { attributes: { membersAdded: -2 }, durationMs: 1 },
      { attributes: undefined, durationMs: 1 },
      undefined,
    ] as unknown as Parameters<typeof metrics.onEnd>[1][]
    for (const outcome of malformed) {
      expect(() => metrics.onEnd("add_members", outcome)).not.toThrow()
    }
    expect(() =>
      metrics.onEnd("not an operation" as OperationName, { attributes: {}, durationMs: 1 }),
    ).not.toThrow()
    expect(await value("mls_members_added_total")).toBe(0)
  })
})

describe("gauges", () => {
  it("sets active groups and health status from setters", async () => {
    const { metrics, value } = setup()
    metrics.setActiveGroups(3)
    metrics.setHealthStatus("degraded")
    expect(await value("mls_active_groups")).toBe(3)
    expect(await value("mls_service_health_status")).toBe(1)
    metrics.setHealthStatus("unhealthy")
    expect(await value("mls_service_health_status")).toBe(2)
    metrics.setHealthStatus(0)
    expect(await value("mls_service_health_status")).toBe(0)
  })

  it("rejects an unknown health status or a negative group count", () => {
    const { metrics } = setup()
    expect(() => metrics.setHealthStatus("fine" as "healthy")).toThrow(RangeError)
    expect(() => metrics.setHealthStatus(3 as 2)).toThrow(RangeError)
    expect(() => metrics.setActiveGroups(-1)).toThrow(RangeError)
  })

  it("reads active groups and health from callbacks on every scrape", async () => {
    const registry = new Registry()
    let groups = 1
    let status: "healthy" | "unhealthy" = "healthy"
    createMlsMetrics({ registry, activeGroups: () => groups, healthStatus: async () => status })
    expect(sampleValue(await registry.metrics(), "mls_active_groups")).toBe(1)
    groups = 4
    status = "unhealthy"
    const text = await registry.metrics()
    expect(sampleValue(text, "mls_active_groups")).toBe(4)
    expect(sampleValue(text, "mls_service_health_status")).toBe(2)
  })
})
