/**
 * Counts in-flight work and refuses new work once told to. Use it through
 * `coordinator.track(fn)` or `coordinator.begin()`: work started before the
 * stop-accepting phase is waited for, work started after it is refused.
 */
import { ServiceUnavailableError } from "./errors.js"

/** A unit of in-flight work; call `end()` when it is finished (more calls do nothing). */
export interface WorkToken {
  end(): void
}

export class InFlightTracker {
  #count = 0
  #accepting = true
  readonly #waiters: (() => void)[] = []

  get count(): number {
    return this.#count
  }

  get accepting(): boolean {
    return this.#accepting
  }

  stopAccepting(): void {
    this.#accepting = false
  }

  begin(): WorkToken {
    if (!this.#accepting) throw new ServiceUnavailableError()
    this.#count++
    let ended = false
    return {
      end: () => {
        if (ended) return
        ended = true
        this.#count--
        if (this.#count === 0) for (const resolve of this.#waiters.splice(0)) resolve()
      },
    }
  }

  async track<T>(work: () => T | PromiseLike<T>): Promise<T> {
    const token = this.begin()
    try {
      return await work()
    } finally {
      token.end()
    }
  }

  /** Resolves when no work is in flight. */
  drained(): Promise<void> {
    if (this.#count === 0) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }
}
