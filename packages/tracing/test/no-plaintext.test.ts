import { CryptoError, type InvalidMessageError, type OperationAttributes } from "@mlskit/core"
import { simulateOperation } from "@mlskit/core/testing"
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { beforeAll, describe, expect, it } from "vitest"
import { createMlsTracingHooks } from "../src/index.js"
import { createTestTracing, useAsyncContext } from "./test-tracing.js"

beforeAll(useAsyncContext)

const PLAINTEXT = "meet me at the north gate at 6"

/** Every string a span exposes to an exporter: name, attributes, events, status. */
function exportedStrings(span: ReadableSpan): string[] {
  const values = [
    span.name,
    span.status.message ?? "",
    ...Object.values(span.attributes).map(String),
    ...span.events.flatMap((e) => [e.name, ...Object.values(e.attributes ?? {}).map(String)]),
  ]
  return values
}

describe("secrets stay out of spans", () => {
  it("never records a plaintext, even when it is smuggled into the attributes", async () => {
    const { tracerProvider, spans } = createTestTracing()
    const hooks = createMlsTracingHooks({ tracerProvider })
    const smuggled = {
      groupId: "g1",
      inputBytes: PLAINTEXT.length,
      plaintext: PLAINTEXT,
      contentType: PLAINTEXT,
      identityId: PLAINTEXT,
    } as unknown as OperationAttributes
    await simulateOperation(hooks, "send_message", {
      attributes: smuggled,
      steps: ["encrypt", "state_persisted"],
      result: smuggled,
    })
    await simulateOperation(hooks, "process_message", {
      attributes: smuggled,
      steps: ["decrypt"],
      result: { contentType: "application", outputBytes: PLAINTEXT.length },
    })
    expect(spans()).toHaveLength(2)
    for (const span of spans()) {
      expect(exportedStrings(span).filter((value) => value.includes(PLAINTEXT))).toEqual([])
    }
    expect(spans()[0]!.attributes["mls.input_bytes"]).toBe(PLAINTEXT.length)
  })

  it("records only the name, code and message of an error, not its stack or cause", async () => {
    const { tracerProvider, span } = createTestTracing()
    const hooks = createMlsTracingHooks({ tracerProvider })
    const cause = new Error(`decryption of "${PLAINTEXT}" failed`)
    await simulateOperation(hooks, "process_message", {
      error: new CryptoError("AEAD tag mismatch", { cause }),
    })
    const [exception] = span("mls.process_message").events
    expect(exception?.attributes).toEqual({
      "exception.type": "CRYPTO_ERROR",
      "exception.message": "AEAD tag mismatch",
    })
    expect(exportedStrings(span("mls.process_message")).join("\n")).not.toContain(PLAINTEXT)
  })

  it("drops the message of an error that is not an mlskit error", async () => {
    const { tracerProvider, span } = createTestTracing()
    const hooks = createMlsTracingHooks({ tracerProvider })
    const foreign = new TypeError(`cannot read "${PLAINTEXT}"`) as unknown as InvalidMessageError
    await simulateOperation(hooks, "send_message", { error: foreign })
    const failed = span("mls.send_message")
    expect(failed.status.message).toBe("INTERNAL_ERROR")
    expect(failed.events[0]?.attributes).toEqual({ "exception.type": "INTERNAL_ERROR" })
    expect(exportedStrings(failed).join("\n")).not.toContain(PLAINTEXT)
  })
})
