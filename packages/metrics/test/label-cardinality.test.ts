import {
  ERROR_CODES,
  InvalidMessageError,
  type MlskitError,
  OPERATION_NAMES,
  type OperationName,
} from "@mlskit/core"
import { simulateOperation } from "@mlskit/core/testing"
import { Registry } from "prom-client"
import { describe, expect, it } from "vitest"
import { createMlsMetrics } from "../src/index.js"
import { parseSamples } from "./exposition.js"

const OPERATIONS: readonly OperationName[] = OPERATION_NAMES

describe("labels", () => {
  it("never carry a group id or an identity", async () => {
    const registry = new Registry()
    const metrics = createMlsMetrics({ registry })
    for (const [i, operation] of OPERATIONS.entries()) {
      const attributes = {
        groupId: `group-${i}-7f3a`,
        identityId: `alice-${i}@example.org`,
        epoch: i,
      }
      await simulateOperation(metrics, operation, { attributes })
      await simulateOperation(metrics, operation, {
        attributes,
        error: new InvalidMessageError(`bad message for group-${i}-7f3a`),
      })
    }
    const text = await registry.metrics()
    expect(text).not.toMatch(/group-\d+-7f3a|alice-|@example\.org/)
    const labelNames = new Set(parseSamples(text).flatMap((s) => Object.keys(s.labels)))
    expect([...labelNames].sort()).toEqual(["code", "le", "operation", "record"])
  })

  it("collapse an unexpected error code or operation name to a fixed value", async () => {
    const registry = new Registry()
    const metrics = createMlsMetrics({ registry })
    const odd = Object.assign(new Error("x"), {
      code: "group 42 exploded",
    }) as unknown as MlskitError
    metrics.onEnd("group-42" as OperationName, { attributes: {}, durationMs: 1, error: odd })
    const errors = parseSamples(await registry.metrics()).filter(
      (s) => s.name === "mls_operation_errors_total" && s.value > 0,
    )
    expect(errors).toEqual([
      {
        name: "mls_operation_errors_total",
        labels: { operation: "unknown", code: "INTERNAL_ERROR" },
        value: 1,
      },
    ])
  })

  it("starts every operation and error code series at zero, so rate() sees the first failure", async () => {
    const registry = new Registry()
    createMlsMetrics({ registry })
    const errors = parseSamples(await registry.metrics()).filter(
      (s) => s.name === "mls_operation_errors_total",
    )
    expect(errors).toHaveLength(OPERATION_NAMES.length * ERROR_CODES.length)
    expect(errors.every((s) => s.value === 0)).toBe(true)
    expect(errors).toContainEqual({
      name: "mls_operation_errors_total",
      labels: { operation: "process_message", code: "CRYPTO_ERROR" },
      value: 0,
    })
  })
})
