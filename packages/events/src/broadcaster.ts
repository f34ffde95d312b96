/**
 * The typed event broadcaster. Use it to publish facts to any number of
 * subscribers without ever waiting for them: `emit` is synchronous and never
 * throws, each subscriber gets its own bounded queue and sees events in emit
 * order, and a slow or failing subscriber affects nobody else.
 */
import {
  BoundedQueue,
  DEFAULT_BUFFER_SIZE,
  type OverflowPolicy,
  validateBufferOptions,
} from "./bounded-queue.js"
import { EventHandlerError } from "./errors.js"
import type {
  AnyEvent,
  EventHandler,
  EventMap,
  EventSelector,
  EventType,
  SelectedEvent,
  Unsubscribe,
} from "./event-map.js"
import { BufferedEventStream, type EventStream } from "./event-stream.js"
import { HandlerSubscription } from "./handler-subscription.js"
import type { Sink } from "./sink.js"

/** Buffer settings of one subscription or stream. */
export interface BufferOptions {
  /** Events held while the consumer is busy (default 1024). */
  bufferSize?: number
  /** Which event to lose when the buffer is full (default `"drop-oldest"`). */
  overflow?: OverflowPolicy
}

/** Options of `iterate`. */
export interface IterateOptions extends BufferOptions {
  /** Ends the stream at once (buffered events are discarded) when aborted. */
  signal?: AbortSignal
}

/** Options of a broadcaster. */
export interface BroadcasterOptions extends BufferOptions {
  /**
   * Receives every handler failure. Without it failures are only counted
   * (see `stats().handlerErrors`); nothing is written to the console. An
   * `onError` that throws is ignored.
   */
  onError?: (error: EventHandlerError) => void
}

/** Counters of a broadcaster since it was created. */
export interface BroadcasterStats {
  /** Events passed to `emit` while open. */
  emitted: number
  /** Events lost to overflow, over all subscriptions and streams, past and present. */
  dropped: number
  /** Handler calls that threw or rejected. */
  handlerErrors: number
  /** Active `subscribe` registrations. */
  subscribers: number
  /** Active `iterate` streams. */
  streams: number
}

type AnySink<M> = Sink<AnyEvent<M>>

/** A broadcaster of the events described by the event map `M`. */
export class EventBroadcaster<M extends EventMap<M>> {
  readonly #sinks = new Map<string, Set<AnySink<M>>>()
  readonly #handlers = new Set<HandlerSubscription<AnyEvent<M> & { readonly type: string }>>()
  readonly #streams = new Set<BufferedEventStream<AnyEvent<M>>>()
  readonly #bufferSize: number
  readonly #overflow: OverflowPolicy
  readonly #onError: ((error: EventHandlerError) => void) | undefined
  readonly #idleWaiters: (() => void)[] = []
  #busy = 0
  #emitted = 0
  #dropped = 0
  #handlerErrors = 0
  #closed = false

  constructor(options: BroadcasterOptions = {}) {
    this.#bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE
    this.#overflow = options.overflow ?? "drop-oldest"
    validateBufferOptions(this.#bufferSize, this.#overflow)
    this.#onError = options.onError
  }

  /** Queue `event` for every matching subscriber and return at once; never throws, never runs a handler. */
  emit(event: AnyEvent<M>): void {
    if (this.#closed) return
    const type = (event as { type?: unknown } | null | undefined)?.type
    if (typeof type !== "string") return
    this.#emitted++
    this.#offer(this.#sinks.get(type), event)
    this.#offer(this.#sinks.get("*"), event)
  }

  /**
   * True when an event of `type` emitted now would reach a subscriber or a
   * stream. Use it to skip building an event nobody would receive.
   */
  hasSubscribers(type: EventType<M>): boolean {
    return !this.#closed && (this.#sinks.has(type) || this.#sinks.has("*"))
  }

  /** Call `handler` for each event of `selector` (a type or `"*"`), in order; returns the unsubscribe function. */
  subscribe<S extends EventSelector<M>>(
    selector: S,
    handler: EventHandler<SelectedEvent<M, S>>,
    options: BufferOptions = {},
  ): Unsubscribe {
    const queue = this.#queue(options)
    if (this.#closed) return () => {}
    const subscription = new HandlerSubscription<AnyEvent<M> & { readonly type: string }>(
      queue,
      handler as EventHandler<AnyEvent<M>>,
      (event, error) => this.#reportFailure(event.type, error),
      (busy) => this.#setBusy(busy),
    )
    this.#handlers.add(subscription)
    this.#attach(selector, subscription)
    return () => {
      this.#handlers.delete(subscription)
      this.#detach(selector, subscription)
      subscription.cancel()
    }
  }

  /** A `for await` stream of the events of `selector`, buffered from this call on. */
  iterate<S extends EventSelector<M>>(
    selector: S,
    options: IterateOptions = {},
  ): EventStream<SelectedEvent<M, S>> {
    const queue = this.#queue(options)
    const stream: BufferedEventStream<AnyEvent<M>> = new BufferedEventStream(
      queue,
      () => {
        this.#streams.delete(stream)
        this.#detach(selector, stream)
      },
      options.signal,
    )
    if (this.#closed) stream.end()
    if (!stream.finished) {
      this.#streams.add(stream)
      this.#attach(selector, stream)
    }
    return stream as unknown as EventStream<SelectedEvent<M, S>>
  }

  /** Counters: emitted, dropped, handler errors, and the current subscriber and stream counts. */
  stats(): BroadcasterStats {
    return {
      emitted: this.#emitted,
      dropped: this.#dropped,
      handlerErrors: this.#handlerErrors,
      subscribers: this.#handlers.size,
      streams: this.#streams.size,
    }
  }

  /** Resolves once every handler has processed everything queued for it (waits for async handlers). */
  idle(): Promise<void> {
    if (this.#busy === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /** Stop accepting events; handlers finish their queues, streams end after their buffered events. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    for (const stream of [...this.#streams]) stream.end()
    this.#handlers.clear()
    this.#sinks.clear()
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.#closed
  }

  #queue(options: BufferOptions): BoundedQueue<AnyEvent<M>> {
    const size = options.bufferSize ?? this.#bufferSize
    const overflow = options.overflow ?? this.#overflow
    validateBufferOptions(size, overflow)
    return new BoundedQueue(size, overflow, () => {
      this.#dropped++
    })
  }

  #offer(sinks: Set<AnySink<M>> | undefined, event: AnyEvent<M>): void {
    if (sinks === undefined) return
    for (const sink of sinks) sink.offer(event)
  }

  #attach(selector: string, sink: AnySink<M>): void {
    let sinks = this.#sinks.get(selector)
    if (sinks === undefined) {
      sinks = new Set()
      this.#sinks.set(selector, sinks)
    }
    sinks.add(sink)
  }

  #detach(selector: string, sink: AnySink<M>): void {
    const sinks = this.#sinks.get(selector)
    if (sinks === undefined) return
    sinks.delete(sink)
    if (sinks.size === 0) this.#sinks.delete(selector)
  }

  #reportFailure(eventType: string, cause: unknown): void {
    this.#handlerErrors++
    if (this.#onError === undefined) return
    try {
      this.#onError(new EventHandlerError(eventType, cause))
    } catch {
      // An onError that throws must not stop delivery; the failure is already counted.
    }
  }

  #setBusy(busy: boolean): void {
    this.#busy += busy ? 1 : -1
    if (this.#busy === 0 && this.#idleWaiters.length > 0) {
      for (const resolve of this.#idleWaiters.splice(0)) resolve()
    }
  }
}

/** Create a broadcaster for the event map `M`. */
export function createBroadcaster<M extends EventMap<M>>(
  options: BroadcasterOptions = {},
): EventBroadcaster<M> {
  return new EventBroadcaster<M>(options)
}
