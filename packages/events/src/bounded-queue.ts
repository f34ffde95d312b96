/**
 * A capacity-bounded FIFO behind every subscription and stream. Use it when a
 * fast producer must never wait for a slow consumer: when the queue is full,
 * the overflow policy decides which event is lost, and every loss is counted.
 */
import { InvalidEventOptionsError } from "./errors.js"

/**
 * What happens when a full buffer receives another event:
 * - `"drop-oldest"` (default) discards the oldest buffered event, so a lagging
 *   consumer sees the most recent events;
 * - `"drop-newest"` discards the incoming event, so the consumer sees an
 *   unbroken prefix of the stream.
 * Either way the loss is counted in `dropped`.
 */
export type OverflowPolicy = "drop-oldest" | "drop-newest"

/** Buffer capacity of a subscription or stream unless told otherwise. */
export const DEFAULT_BUFFER_SIZE = 1024

/** Throws InvalidEventOptionsError unless `size` is a positive integer and `overflow` a known policy. */
export function validateBufferOptions(size: number, overflow: string): void {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new InvalidEventOptionsError(`bufferSize must be a positive integer, got ${size}`)
  }
  if (overflow !== "drop-oldest" && overflow !== "drop-newest") {
    throw new InvalidEventOptionsError(`overflow must be "drop-oldest" or "drop-newest"`)
  }
}

export class BoundedQueue<T> {
  #items: (T | undefined)[] = []
  #head = 0
  #dropped = 0
  readonly #capacity: number
  readonly #overflow: OverflowPolicy
  readonly #onDrop: () => void

  constructor(capacity: number, overflow: OverflowPolicy, onDrop: () => void) {
    this.#capacity = capacity
    this.#overflow = overflow
    this.#onDrop = onDrop
  }

  get size(): number {
    return this.#items.length - this.#head
  }

  get dropped(): number {
    return this.#dropped
  }

  push(item: T): void {
    if (this.size >= this.#capacity) {
      this.#dropped++
      this.#onDrop()
      if (this.#overflow === "drop-newest") return
      this.shift()
    }
    this.#items.push(item)
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head] = undefined
    this.#head++
    if (this.#head === this.#items.length) {
      this.#items.length = 0
      this.#head = 0
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return item
  }

  clear(): void {
    this.#items = []
    this.#head = 0
  }
}
