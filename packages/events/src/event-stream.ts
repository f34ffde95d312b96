/**
 * The async iterator returned by `iterate`. Use it to consume events with
 * `for await`: it buffers up to `bufferSize` events while the loop body is
 * busy, counts what overflows, and ends when its AbortSignal fires, when the
 * loop breaks, or (after the buffered events) when the broadcaster closes.
 */
import type { BoundedQueue } from "./bounded-queue.js"
import type { Sink } from "./sink.js"

/** An async iterator of events with a bounded buffer and observable losses. */
export interface EventStream<E> extends AsyncIterableIterator<E, undefined, undefined> {
  /** Events this stream lost to overflow so far. */
  readonly dropped: number
  /** Events waiting in the buffer. */
  readonly buffered: number
  next(): Promise<IteratorResult<E, undefined>>
  /** End the stream now, discarding buffered events (what `break` in `for await` calls). */
  return(): Promise<IteratorResult<E, undefined>>
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined }

export class BufferedEventStream<E> implements EventStream<E>, Sink<E> {
  readonly #queue: BoundedQueue<E>
  #detach: () => void
  #waiters: ((result: IteratorResult<E, undefined>) => void)[] = []
  #ending = false
  #finished = false
  #signal: AbortSignal | undefined
  readonly #onAbort = (): void => this.#finish()

  constructor(queue: BoundedQueue<E>, detach: () => void, signal: AbortSignal | undefined) {
    this.#queue = queue
    this.#detach = detach
    if (signal?.aborted) {
      this.#finished = true
    } else if (signal !== undefined) {
      this.#signal = signal
      signal.addEventListener("abort", this.#onAbort, { once: true })
    }
  }

  get dropped(): number {
    return this.#queue.dropped
  }

  /** True once the stream has ended and detached from its broadcaster. */
  get finished(): boolean {
    return this.#finished
  }

  get buffered(): number {
    return this.#queue.size
  }

  offer(event: E): void {
    if (this.#ending || this.#finished) return
    const waiter = this.#waiters.shift()
    if (waiter !== undefined) {
      waiter({ done: false, value: event })
    } else {
      this.#queue.push(event)
    }
  }

  end(): void {
    if (this.#finished) return
    this.#ending = true
    if (this.#queue.size === 0) this.#finish()
  }

  next(): Promise<IteratorResult<E, undefined>> {
    const event = this.#queue.shift()
    if (event !== undefined) {
      if (this.#ending && this.#queue.size === 0) this.#finish()
      return Promise.resolve({ done: false, value: event })
    }
    if (this.#finished) return Promise.resolve(DONE)
    return new Promise((resolve) => {
      this.#waiters.push(resolve)
    })
  }

  return(): Promise<IteratorResult<E, undefined>> {
    this.#finish()
    return Promise.resolve(DONE)
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  #finish(): void {
    if (this.#finished) return
    this.#finished = true
    this.#queue.clear()
    this.#signal?.removeEventListener("abort", this.#onAbort)
    this.#signal = undefined
    const detach = this.#detach
    this.#detach = () => {}
    detach()
    for (const waiter of this.#waiters.splice(0)) waiter(DONE)
  }
}
