/**
 * Runs tasks one after another per key and concurrently across keys. Core
 * uses it so operations on one group never interleave.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>()

  /** Run `task` after every task queued earlier under the same key. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(task, task)
    const tail = result.then(
      () => undefined,
      () => undefined,
    )
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }

  /** Number of keys with queued or running work. */
  get activeKeys(): number {
    return this.tails.size
  }
}
