/** Shared test fixtures: a fake signal source and a recording exit. */
import { EventEmitter } from "node:events"
import type { SignalSource } from "../src/index.js"

/** A signal source whose signals are sent with `emit("SIGTERM")`. */
export class FakeSignals extends EventEmitter implements SignalSource {
  count(signal: NodeJS.Signals): number {
    return this.listenerCount(signal)
  }
}

/** An exit function that records its codes instead of exiting. */
export function recordingExit(): { exit: (code: number) => void; codes: number[] } {
  const codes: number[] = []
  return { exit: (code) => codes.push(code), codes }
}

/** A promise that never settles. */
export function never(): Promise<never> {
  return new Promise(() => {})
}

/** A promise with its resolve function exposed. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
