import { readFile } from "node:fs/promises"
import { simulateOperation } from "@mlskit/core/testing"
import { trace } from "@opentelemetry/api"
import { describe, expect, it } from "vitest"
import { createMlsTracingHooks, TRACING_SCOPE, TRACING_VERSION } from "../src/index.js"
import { createTestTracing } from "./test-tracing.js"

describe("default tracer", () => {
  it("comes from the global tracer provider, even one registered after the hooks were made", async () => {
    const hooks = createMlsTracingHooks()
    const { tracerProvider, span } = createTestTracing()
    trace.setGlobalTracerProvider(tracerProvider)
    await simulateOperation(hooks, "join_group")
    expect(span("mls.join_group").instrumentationScope).toMatchObject({
      name: "@mlskit/tracing",
      version: TRACING_VERSION,
    })
    trace.disable()
  })

  it("reports the version in package.json", async () => {
    const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"))
    expect(TRACING_VERSION).toBe(pkg.version)
    expect(TRACING_SCOPE).toBe(pkg.name)
  })
})
