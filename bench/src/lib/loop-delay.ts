/**
 * How long the event loop was blocked while some work ran: Node's event-loop
 * delay histogram (`monitorEventLoopDelay`), on only while the work runs.
 * Work that only ever resolves in microtasks (synchronous stores and crypto
 * behind promises) gives timers and I/O no turn until it is done; the maximum
 * delay is the longest such stretch, during which a server on the same
 * process would answer nothing.
 */
import { monitorEventLoopDelay } from "node:perf_hooks"

/** Records the event loop's delay during the bodies passed to `during`. */
export class LoopDelayMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 })

  /** Run `body` with the histogram on. */
  async during<T>(body: () => Promise<T>): Promise<T> {
    this.histogram.enable()
    try {
      return await body()
    } finally {
      this.histogram.disable()
    }
  }

  /** The longest delay seen, in milliseconds. */
  get maxMs(): number {
    return this.histogram.max / 1e6
  }
}
