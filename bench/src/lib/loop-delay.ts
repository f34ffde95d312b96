/**
 * How long the event loop was blocked while a body ran: Node's event-loop
 * delay histogram (`monitorEventLoopDelay`). Work that only ever resolves in
 * microtasks (synchronous stores and crypto behind promises) gives timers and
 * I/O no turn until it is done; the maximum delay is the longest such stretch,
 * during which a server on the same process would answer nothing.
 */
import { monitorEventLoopDelay } from "node:perf_hooks"

/** The event loop's delay while the body ran, in milliseconds. */
export interface LoopDelay {
  maxMs: number
  p99Ms: number
}

/** Run `body` with the event-loop delay histogram on (10 ms resolution). */
export async function measureLoopDelay<T>(
  body: () => Promise<T>,
): Promise<{ value: T; delay: LoopDelay }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  try {
    const value = await body()
    histogram.disable()
    return {
      value,
      delay: { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 },
    }
  } finally {
    histogram.disable()
  }
}
