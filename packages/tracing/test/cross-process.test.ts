import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { simulateOperation } from "@mlskit/core/testing"
import { beforeAll, describe, expect, it } from "vitest"
import { createMlsTracingHooks, injectTraceContext, withExtractedContext } from "../src/index.js"
import { createTestTracing, useAsyncContext } from "./test-tracing.js"

beforeAll(useAsyncContext)

interface ReceiverReport {
  traceId: string
  spanId: string
  parentSpanId: string
  reply: { headers: Record<string, string> }
}

/** Sends `message` to the receiving service in a child process and returns its report. */
function runReceiver(message: unknown): Promise<ReceiverReport> {
  const script = fileURLToPath(new URL("./fixtures/receiving-service.mjs", import.meta.url))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ["pipe", "pipe", "inherit"] })
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
    })
    child.on("error", reject)
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`receiver exited ${code}`)),
    )
    child.stdin.end(JSON.stringify(message))
  })
}

describe("a trace crossing processes", () => {
  it("continues from mls.send_message in another process and back into mls.process_message", async () => {
    const { tracerProvider, span } = createTestTracing()
    const hooks = createMlsTracingHooks({ tracerProvider })

    const handle = hooks.onStart("send_message", { groupId: "g1" })
    const message = await hooks.runInContext(handle, async () => ({
      ciphertext: "AAEC",
      headers: injectTraceContext({}),
    }))
    hooks.onEnd("send_message", { attributes: {}, durationMs: 1 }, handle)

    const receiver = await runReceiver(message)
    const sent = span("mls.send_message").spanContext()
    expect(receiver.traceId).toBe(sent.traceId)
    expect(receiver.parentSpanId).toBe(sent.spanId)

    await withExtractedContext(receiver.reply.headers, () =>
      simulateOperation(hooks, "process_message"),
    )
    const processed = span("mls.process_message")
    expect(processed.spanContext().traceId).toBe(sent.traceId)
    expect(processed.parentSpanContext?.spanId).toBe(receiver.spanId)
  })
})
