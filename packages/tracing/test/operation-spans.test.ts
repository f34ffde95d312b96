import { CryptoError, InvalidMessageError, type OperationName } from "@mlskit/core"
import { simulateOperation } from "@mlskit/core/testing"
import { context, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api"
import { beforeAll, describe, expect, it } from "vitest"
import { createMlsTracingHooks, TRACING_SCOPE, TRACING_VERSION } from "../src/index.js"
import { createTestTracing, useAsyncContext } from "./test-tracing.js"

beforeAll(useAsyncContext)

function setup() {
  const tracing = createTestTracing()
  return { ...tracing, hooks: createMlsTracingHooks({ tracerProvider: tracing.tracerProvider }) }
}

describe("operation spans", () => {
  it("opens one INTERNAL span named mls.<operation> per operation", async () => {
    const { hooks, spans } = setup()
    const operations: OperationName[] = ["send_message", "process_message", "add_members"]
    for (const operation of operations) await simulateOperation(hooks, operation)
    expect(spans().map((s) => [s.name, s.kind])).toEqual([
      ["mls.send_message", SpanKind.INTERNAL],
      ["mls.process_message", SpanKind.INTERNAL],
      ["mls.add_members", SpanKind.INTERNAL],
    ])
  })

  it("reports the @mlskit/tracing instrumentation scope and version", async () => {
    const { hooks, span } = setup()
    await simulateOperation(hooks, "create_group")
    expect(span("mls.create_group").instrumentationScope).toMatchObject({
      name: TRACING_SCOPE,
      version: TRACING_VERSION,
    })
  })

  it("records start and final attributes under the mls. namespace", async () => {
    const { hooks, span } = setup()
    await simulateOperation(hooks, "process_message", {
      attributes: { groupId: "group-1", inputBytes: 321 },
      result: { contentType: "commit", epoch: 8, membersAdded: 2, membersRemoved: 1 },
    })
    expect(span("mls.process_message").attributes).toEqual({
      "mls.operation": "process_message",
      "mls.group_id": "group-1",
      "mls.input_bytes": 321,
      "mls.content_type": "commit",
      "mls.epoch": 8,
      "mls.members_added": 2,
      "mls.members_removed": 1,
    })
  })

  it("ends with the final value of an attribute that changed after the start", async () => {
    const { hooks, span } = setup()
    await simulateOperation(hooks, "send_message", {
      attributes: { groupId: "group-1", epoch: 3, inputBytes: 10 },
      result: { epoch: 4, outputBytes: 99 },
    })
    expect(span("mls.send_message").attributes).toEqual({
      "mls.operation": "send_message",
      "mls.group_id": "group-1",
      "mls.epoch": 4,
      "mls.input_bytes": 10,
      "mls.output_bytes": 99,
    })
  })

  it("makes the group id available to samplers at span start", async () => {
    const { hooks } = setup()
    const handle = hooks.onStart("send_message", { groupId: "group-9", inputBytes: 4 })
    let seen: unknown
    await hooks.runInContext(handle, async () => {
      const active = trace.getActiveSpan() as unknown as { attributes: Record<string, unknown> }
      seen = active.attributes
    })
    hooks.onEnd("send_message", { attributes: {}, durationMs: 1 }, handle)
    expect(seen).toMatchObject({ "mls.group_id": "group-9", "mls.input_bytes": 4 })
  })

  it("turns milestones into span events in order", async () => {
    const { hooks, span } = setup()
    await simulateOperation(hooks, "add_members", {
      steps: ["commit_created", "state_persisted", "commit_applied"],
    })
    await simulateOperation(hooks, "send_message", { steps: ["encrypt", "state_persisted"] })
    await simulateOperation(hooks, "process_message", { steps: ["decrypt", "state_persisted"] })
    const events = (name: string) => span(name).events.map((e) => e.name)
    expect(events("mls.add_members")).toEqual([
      "commit_created",
      "state_persisted",
      "commit_applied",
    ])
    expect(events("mls.send_message")).toEqual(["encrypt", "state_persisted"])
    expect(events("mls.process_message")).toEqual(["decrypt", "state_persisted"])
  })

  it("leaves the status unset on success", async () => {
    const { hooks, span } = setup()
    await simulateOperation(hooks, "send_message")
    expect(span("mls.send_message").status.code).toBe(SpanStatusCode.UNSET)
    expect(span("mls.send_message").attributes["mls.error_code"]).toBeUndefined()
  })

  it("marks a failed operation ERROR with its code and records the exception", async () => {
    const { hooks, span } = setup()
    await simulateOperation(hooks, "process_message", {
      error: new InvalidMessageError("message is from a stale epoch"),
    })
    const failed = span("mls.process_message")
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: "INVALID_MESSAGE" })
    expect(failed.attributes).toMatchObject({
      "mls.error_code": "INVALID_MESSAGE",
      "mls.error_retryable": false,
      "error.type": "INVALID_MESSAGE",
    })
    expect(failed.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        "exception",
        {
          "exception.type": "INVALID_MESSAGE",
          "exception.message": "message is from a stale epoch",
        },
      ],
    ])
  })

  it("ends each span exactly once and ignores calls after the end", async () => {
    const { tracer } = setup()
    const ended: string[] = []
    const counting = {
      startSpan(...args: Parameters<Tracer["startSpan"]>) {
        const span = tracer.startSpan(...args)
        const end = span.end.bind(span)
        span.end = (time) => {
          ended.push(args[0])
          end(time)
        }
        return span
      },
    } as Tracer
    const hooks = createMlsTracingHooks({ tracer: counting })
    const handle = hooks.onStart("self_update", {})
    hooks.onEnd("self_update", { attributes: {}, durationMs: 1 }, handle)
    hooks.onEnd(
      "self_update",
      { attributes: {}, durationMs: 1, error: new CryptoError("x") },
      handle,
    )
    hooks.onStep("self_update", "commit_created", handle)
    expect(ended).toEqual(["mls.self_update"])
  })
})

describe("context", () => {
  it("makes the operation span the parent of spans started in its body, across awaits", async () => {
    const { hooks, tracer, span } = setup()
    const handle = hooks.onStart("send_message", { groupId: "g" })
    await hooks.runInContext(handle, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      tracer.startSpan("store.compare_and_swap").end()
      await Promise.resolve()
      tracer.startSpan("broker.publish").end()
    })
    hooks.onEnd("send_message", { attributes: {}, durationMs: 1 }, handle)
    const parent = span("mls.send_message").spanContext()
    for (const child of ["store.compare_and_swap", "broker.publish"]) {
      expect(span(child).parentSpanContext?.spanId).toBe(parent.spanId)
      expect(span(child).spanContext().traceId).toBe(parent.traceId)
    }
  })

  it("nests an operation started inside another operation's body", async () => {
    const { hooks, span } = setup()
    const outer = hooks.onStart("add_members", {})
    await hooks.runInContext(outer, () => simulateOperation(hooks, "generate_key_packages"))
    hooks.onEnd("add_members", { attributes: {}, durationMs: 1 }, outer)
    expect(span("mls.generate_key_packages").parentSpanContext?.spanId).toBe(
      span("mls.add_members").spanContext().spanId,
    )
  })

  it("parents the operation span on whatever span is active when it starts", async () => {
    const { hooks, tracer, span } = setup()
    const request = tracer.startSpan("POST /groups/:id/messages")
    await context.with(trace.setSpan(context.active(), request), () =>
      simulateOperation(hooks, "send_message"),
    )
    request.end()
    expect(span("mls.send_message").parentSpanContext?.spanId).toBe(request.spanContext().spanId)
  })

  it("does not leak the operation span as active after the body", async () => {
    const { hooks } = setup()
    const handle = hooks.onStart("send_message", {})
    await hooks.runInContext(handle, async () => {})
    expect(trace.getActiveSpan()).toBeUndefined()
    hooks.onEnd("send_message", { attributes: {}, durationMs: 1 }, handle)
  })

  it("passes the body's result and rejection through unchanged", async () => {
    const { hooks } = setup()
    const handle = hooks.onStart("send_message", {})
    await expect(hooks.runInContext(handle, async () => 42)).resolves.toBe(42)
    const failure = new CryptoError("bad tag")
    await expect(hooks.runInContext(handle, () => Promise.reject(failure))).rejects.toBe(failure)
  })
})

describe("robustness", () => {
  it("never throws from a hook, whatever context it gets back", async () => {
    const { hooks } = setup()
    for (const handle of [undefined, null, {}, "span", 1]) {
      expect(() => hooks.onStep("send_message", "encrypt", handle)).not.toThrow()
      expect(() =>
        hooks.onEnd("send_message", { attributes: {}, durationMs: 1 }, handle),
      ).not.toThrow()
      await expect(hooks.runInContext(handle, async () => "ran")).resolves.toBe("ran")
    }
  })

  it("keeps operations running when the tracer itself throws", async () => {
    const broken = {
      startSpan() {
        throw new Error("exporter misconfigured")
      },
      startActiveSpan() {
        throw new Error("exporter misconfigured")
      },
    } as unknown as Tracer
    const hooks = createMlsTracingHooks({ tracer: broken })
    let handle: unknown = "not called"
    expect(() => {
      handle = hooks.onStart("send_message", {})
    }).not.toThrow()
    expect(handle).toBeUndefined()
    await expect(hooks.runInContext(handle, async () => "sent")).resolves.toBe("sent")
    expect(() =>
      hooks.onEnd("send_message", { attributes: {}, durationMs: 1 }, handle),
    ).not.toThrow()
  })

  it("prefers an explicit tracer over a tracer provider", async () => {
    const a = createTestTracing()
    const b = createTestTracing()
    const hooks = createMlsTracingHooks({ tracer: a.tracer, tracerProvider: b.tracerProvider })
    await simulateOperation(hooks, "leave_group")
    expect(a.spans().map((s) => s.name)).toEqual(["mls.leave_group"])
    expect(b.spans()).toEqual([])
  })
})
