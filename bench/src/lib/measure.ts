/**
 * Timing loops. Each iteration is timed on its own with `performance.now()`
 * so the median is robust against the other processes sharing the machine.
 */
import { type Stats, summarize } from "./stats.js"

/** How many times to run a case. */
export interface Iterations {
  iterations: number
  warmup?: number
}

/** Time `fn(i)` for each iteration after `warmup` untimed runs. */
export async function measure(
  fn: (i: number) => Promise<unknown> | unknown,
  { iterations, warmup = 0 }: Iterations,
): Promise<Stats> {
  for (let i = 0; i < warmup; i++) {
    await fn(-1 - i)
    await yieldToEventLoop()
  }
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await fn(i)
    samples.push(performance.now() - start)
    await yieldToEventLoop()
  }
  return summarize(samples)
}

/**
 * Let timers run (the child's heartbeat among them). Work that resolves only
 * in microtasks, such as synchronous codecs or crypto-node's operations,
 * never gives them a turn otherwise.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Time one call and return its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - start }
}

/** Run a full garbage collection when node was started with --expose-gc. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) gc()
}
