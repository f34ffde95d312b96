/**
 * Where process signals come from. Use the default (`process`) in a program,
 * or pass an EventEmitter in tests to deliver signals without sending real ones.
 */
import { constants } from "node:os"

/** Anything with `on` and `off` for signal names; `process` is one. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown
  off(signal: NodeJS.Signals, listener: () => void): unknown
}

/** Signals handled unless told otherwise. */
export const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"]

/** The conventional exit code of a process ended by `signal`: 128 + its number (SIGTERM 143, SIGINT 130). */
export function signalExitCode(signal: NodeJS.Signals): number {
  const number = constants.signals[signal]
  return typeof number === "number" ? 128 + number : 1
}
