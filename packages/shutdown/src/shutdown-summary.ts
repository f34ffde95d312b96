/**
 * A shutdown result as one log record: the outcome, and for a failed
 * shutdown what failed, by name. "ok: false" alone does not tell an operator
 * which hook timed out or threw, or that work was abandoned.
 */
import type { HookResult, ShutdownResult } from "./shutdown-result.js"

/** One hook that did not succeed, as logged. */
export interface FailedHookSummary {
  name: string
  /** "failed" (threw or rejected), "timed out" (its timeout or the overall deadline cut it), "skipped" (no time left to start it). */
  outcome: "failed" | "timed out" | "skipped"
  durationMs: number
  /** The error's message, when there is one. */
  error?: string
}

/** The fields of a "shutdown done" log record. */
export interface ShutdownSummary {
  ok: boolean
  reason: string
  exitCode: 0 | 1
  durationMs: number
  timedOut: boolean
  inFlightAbandoned: number
  /** Every hook that did not succeed, in the order they ran; empty when all did. */
  failedHooks: FailedHookSummary[]
}

/** Summarize `result` for a log line, naming every hook that failed, timed out or was skipped. */
export function summarizeShutdown(result: ShutdownResult): ShutdownSummary {
  return {
    ok: result.ok,
    reason: result.reason,
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    inFlightAbandoned: result.inFlightAbandoned,
    failedHooks: result.hooks.filter((hook) => !hook.ok).map(failedHook),
  }
}

function failedHook(hook: HookResult): FailedHookSummary {
  const outcome = hook.skipped ? "skipped" : hook.timedOut ? "timed out" : "failed"
  const summary: FailedHookSummary = { name: hook.name, outcome, durationMs: hook.durationMs }
  if (hook.error !== undefined) summary.error = hook.error.message
  return summary
}
