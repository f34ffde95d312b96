/**
 * An MlsService with metrics, tracing and events all on, as the service
 * benchmark needs it: prom-client on its own Registry, a BasicTracerProvider
 * whose BatchSpanProcessor exports to a no-op exporter (spans are really
 * created, recorded and batched), one event subscriber on "*", and a pino
 * logger at info level writing to a null stream.
 */
import { Writable } from "node:stream"
import type { CryptoProvider } from "@mlskit/core"
import { createLogger, MlsService } from "@mlskit/service"
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-base"
import { Registry } from "prom-client"

/** A span exporter that drops everything and counts spans. */
class CountingExporter implements SpanExporter {
  spans = 0
  export(
    spans: Parameters<SpanExporter["export"]>[0],
    done: Parameters<SpanExporter["export"]>[1],
  ): void {
    this.spans += spans.length
    done({ code: 0 })
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

/** The service with what it needs to be closed, and counters that prove observability ran. */
export interface ServiceFixture {
  service: MlsService
  registry: Registry
  /** Spans exported so far (after `flush`). */
  exportedSpans(): number
  /** Events delivered to the subscriber. */
  deliveredEvents(): number
  flush(): Promise<void>
  close(): Promise<void>
}

/**
 * A BasicTracerProvider that batches its spans to an exporter that drops
 * them. It records every span unless `sampleRatio` is given, then a
 * ParentBased(TraceIdRatioBased) sampler keeps that share of new traces.
 */
export function recordingTracerProvider(sampleRatio?: number): {
  tracerProvider: BasicTracerProvider
  exporter: CountingExporter
} {
  const exporter = new CountingExporter()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter)],
    ...(sampleRatio === undefined
      ? {}
      : { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }) }),
  })
  return { tracerProvider, exporter }
}

/**
 * Start a fully observed MlsService on `store` with `cryptoProvider`. For
 * the breakdown of where the overhead goes, `tracing: false` leaves the
 * tracer provider out (OpenTelemetry's no-op API) and `sampleRatio` samples
 * that share of traces instead of recording every span.
 */
export async function startObservedService(
  store: ConstructorParameters<typeof MlsService>[0]["store"],
  stateKey: string,
  cryptoProvider: CryptoProvider,
  options: { tracing?: boolean; sampleRatio?: number } = {},
): Promise<ServiceFixture> {
  const { tracerProvider, exporter } = recordingTracerProvider(options.sampleRatio)
  const registry = new Registry()
  const destination = new Writable({ write: (_chunk, _enc, done) => done() })
  const service = await new MlsService({
    store,
    stateKey,
    logger: createLogger({ level: "info", destination }),
    registry,
    ...(options.tracing === false ? {} : { tracerProvider }),
    client: { cryptoProvider },
  }).init()
  let delivered = 0
  const unsubscribe = service.subscribe("*", () => {
    delivered++
  })
  return {
    service,
    registry,
    exportedSpans: () => exporter.spans,
    deliveredEvents: () => delivered,
    flush: () => tracerProvider.forceFlush(),
    async close() {
      unsubscribe()
      await tracerProvider.shutdown()
      await service.shutdown.shutdown()
    },
  }
}
