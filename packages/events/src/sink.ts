/**
 * The internal contract between a broadcaster and its consumers (handler
 * subscriptions and iteration streams). `offer` must never run user code
 * synchronously and never throw, so `emit` stays synchronous and safe.
 */
export interface Sink<E> {
  offer(event: E): void
  /** Stop receiving; already buffered events are still delivered. */
  end(): void
}
