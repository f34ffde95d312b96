/**
 * What a shutdown reports when it is done. Use it to log the outcome and to
 * choose the exit code: `exitCode` is 0 only when every hook succeeded, no
 * in-flight work was abandoned and the deadline was met.
 */

/** The outcome of one hook. */
export interface HookResult {
  name: string
  /** True when the hook resolved within its timeout. */
  ok: boolean
  durationMs: number
  /** What the hook threw or rejected with, or the timeout error. */
  error?: Error
  /** True when the hook's timeout (or the overall deadline) cut it short. */
  timedOut?: boolean
  /** True when the overall deadline passed before the hook could start. */
  skipped?: boolean
}

/** The outcome of a whole shutdown. */
export interface ShutdownResult {
  /** True when every hook succeeded, no work was abandoned and the deadline was met. */
  ok: boolean
  /** Why the shutdown happened (`"SIGTERM"`, or what `shutdown(reason)` was given). */
  reason: string
  durationMs: number
  /** True when the overall deadline passed before the shutdown finished. */
  timedOut: boolean
  /** In-flight work still running when draining stopped waiting. */
  inFlightAbandoned: number
  /** Hooks in the order they ran (then the skipped ones). */
  hooks: HookResult[]
  /** Suggested process exit code: 0 when `ok`, otherwise 1. */
  exitCode: 0 | 1
}
