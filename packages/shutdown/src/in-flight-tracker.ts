/**
 * Counts in-flight work and refuses new work once told to. Use it through
 * `coordinator.track(fn)` or `coordinator.begin()`: work started before the
 * stop-accepting phase is waited for, work started after it is refused.
 */
import { shuttingDownError } from "./errors.js"

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
    if (!this.#accepting) throw shuttingDownError()
    this.#count++
    let ended = false
    return {
      end: () => {
        if (ended) return
        ended = true
        this.#finish()
      },
    }
  }

  /** `begin` and `end` around `work`, without a token per call (this runs around every operation). */
  async track<T>(work: () => T | PromiseLike<T>): Promise<T> {
    if (!this.#accepting) throw shuttingDownError()
    this.#count++
    try {
      return await work()
    } finally {
      this.#finish()
    }
  }

  #finish(): void {
    this.#count--
    if (this.#count === 0 && this.#waiters.length > 0) {
      for (const resolve of this.#waiters.splice(0)) resolve()
    }
  }

  /** Resolves when no work is in flight. */
  drained(): Promise<void> {
    if (this.#count === 0) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }
}
