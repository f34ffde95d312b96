import { createMlsTracingHooks, injectTraceContext, withExtractedContext } from "@mlskit/tracing"
import { context } from "@opentelemetry/api"
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks"
import * as sdk from "@opentelemetry/sdk-trace-base"

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
const exporter = new sdk.InMemorySpanExporter()
const tracerProvider = new sdk.BasicTracerProvider({
  spanProcessors: [new sdk.SimpleSpanProcessor(exporter)],
})
const hooks = createMlsTracingHooks({ tracerProvider }) // give these to core as its OperationHooks

// Sender: while mls.send_message runs, its trace context goes into the message headers.
const op = hooks.onStart("send_message", { groupId: "g1" })
const headers = await hooks.runInContext(op, async () => injectTraceContext({}))
hooks.onEnd("send_message", { attributes: { outputBytes: 120 }, durationMs: 1 }, op)

// Receiver (any process): spans started here join the sender's trace.
await withExtractedContext(headers, async () => {
  tracerProvider.getTracer("receiver").startSpan("receive").end()
})
const [sent, received] = exporter.getFinishedSpans()
console.log(sent?.name, sent?.spanContext().traceId === received?.spanContext().traceId) // mls.send_message true
