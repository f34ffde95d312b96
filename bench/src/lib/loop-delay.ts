/**
 * How long the event loop was blocked while some work ran: the longest gap
 * between turns of a 5 ms timer, and of the work's end after the last turn.
 * Work that only ever resolves in microtasks (synchronous stores and crypto
 * behind promises) gives timers and I/O no turn until it is done; the
 * longest gap is the longest such stretch, during which a server on the same
 * process would answer nothing. (Node's `monitorEventLoopDelay` misses a
 * stretch that lasts until its histogram is disabled.)
 */

/** The timer's interval: gaps below it are no block. */
const TICK_MS = 5

/** Records the longest gap between event-loop turns during the bodies passed to `during`. */
export class LoopDelayMonitor {
  private longest = 0

  /** Run `body` with the timer on. */
  async during<T>(body: () => Promise<T>): Promise<T> {
    let last = performance.now()
    const gap = () => {
      const now = performance.now()
      this.longest = Math.max(this.longest, now - last)
      last = now
    }
    const timer = setInterval(gap, TICK_MS)
    try {
      return await body()
    } finally {
      clearInterval(timer)
      gap()
    }
  }

  /** The longest gap seen, in milliseconds (at least the timer's interval when anything ran). */
  get maxMs(): number {
    return this.longest
  }
}
