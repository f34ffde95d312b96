/**
 * The phases a shutdown moves through, in order. Use `ShutdownPhase.*` to
 * react to one (for example close the listening socket on `StopAccepting`)
 * and `coordinator.phase` to read the current one.
 */

/** The phases, as a const object of their string values, in the order they happen. */
export const ShutdownPhase = {
  /** Normal operation. */
  Running: "running",
  /** Readiness fails so load balancers stop routing here; new work is still accepted. */
  NotReady: "not-ready",
  /** New work is refused with ServiceUnavailableError; close listening sockets here. */
  StopAccepting: "stop-accepting",
  /** Waiting for tracked in-flight work, bounded by the drain timeout. */
  Draining: "draining",
  /** Running hooks one at a time, each with its own timeout. */
  Closing: "closing",
  /** Finished; the result is available. */
  Done: "done",
} as const

/** One of the phase strings. */
export type ShutdownPhase = (typeof ShutdownPhase)[keyof typeof ShutdownPhase]
