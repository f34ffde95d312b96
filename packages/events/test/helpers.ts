/** Shared test fixtures: a small event map and a promise-based gate. */
import { createBroadcaster } from "../src/index.js"

export interface TestEvents {
  joined: { type: "joined"; group: string; seq: number }
  left: { type: "left"; group: string; seq: number }
}

export function testBroadcaster(options?: Parameters<typeof createBroadcaster>[0]) {
  return createBroadcaster<TestEvents>(options)
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** Let every queued microtask and one macrotask run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
