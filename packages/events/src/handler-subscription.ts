/**
 * One `subscribe` registration: a bounded queue plus a serial delivery loop.
 * Use it to call a handler with events one at a time, in emit order, never
 * from inside `emit`; an async handler holds back only its own next event.
 */
import type { BoundedQueue } from "./bounded-queue.js"
import type { EventHandler } from "./event-map.js"
import type { Sink } from "./sink.js"

export class HandlerSubscription<E extends { readonly type: string }> implements Sink<E> {
  readonly #queue: BoundedQueue<E>
  readonly #handler: EventHandler<E>
  readonly #onFailure: (event: E, error: unknown) => void
  readonly #onBusyChange: (busy: boolean) => void
  #running = false
  #cancelled = false

  constructor(
    queue: BoundedQueue<E>,
    handler: EventHandler<E>,
    onFailure: (event: E, error: unknown) => void,
    onBusyChange: (busy: boolean) => void,
  ) {
    this.#queue = queue
    this.#handler = handler
    this.#onFailure = onFailure
    this.#onBusyChange = onBusyChange
  }

  offer(event: E): void {
    if (this.#cancelled) return
    this.#queue.push(event)
    if (this.#running) return
    this.#running = true
    this.#onBusyChange(true)
    queueMicrotask(this.#deliverQueued)
  }

  end(): void {}

  /** Stop now: events not yet handed to the handler are discarded. */
  cancel(): void {
    this.#cancelled = true
    this.#queue.clear()
  }

  readonly #deliverQueued = (): void => this.#deliver()

  /**
   * Hand queued events to the handler one at a time. A synchronous handler
   * gets the whole queue in one go; after a handler returns a thenable, the
   * next event waits until it settles.
   */
  #deliver(): void {
    for (let event = this.#queue.shift(); event !== undefined; event = this.#queue.shift()) {
      if (this.#cancelled) break
      let result: void | PromiseLike<void>
      try {
        result = this.#handler(event)
      } catch (error) {
        this.#onFailure(event, error)
        continue
      }
      if (result !== undefined && result !== null && typeof result.then === "function") {
        const settled = event
        Promise.resolve(result).then(this.#deliverQueued, (error: unknown) => {
          this.#onFailure(settled, error)
          this.#deliver()
        })
        return
      }
    }
    this.#running = false
    this.#onBusyChange(false)
  }
}
