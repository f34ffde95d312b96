/**
 * Test helper: an in-memory OpenTelemetry SDK with an AsyncLocalStorage
 * context manager, and lookups over the finished spans.
 */
import { context } from "@opentelemetry/api"
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks"
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base"

/** Registers the async-hooks context manager once per test file. */
export function useAsyncContext(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
}

/** A tracer provider whose finished spans are kept in memory. */
export function createTestTracing() {
  const exporter = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const spans = () => exporter.getFinishedSpans()
  const span = (name: string): ReadableSpan => {
    const found = spans().filter((s) => s.name === name)
    if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}`)
    return found[0]!
  }
  return { exporter, tracerProvider, tracer: tracerProvider.getTracer("test"), spans, span }
}
