/**
 * Runs one shutdown hook and never fails. Use it to turn whatever a hook does
 * (resolve, throw, reject, hang) into a `HookResult` within a time limit;
 * the hook's signal aborts when that limit passes, so it can stop its work.
 */
import type { HookResult } from "./shutdown-result.js"
import { within } from "./timers.js"

/** What a hook is given: why we are shutting down, and a signal aborted when its time is up. */
export interface ShutdownHookContext {
  reason: string
  signal: AbortSignal
}

/** A shutdown hook: release one resource (close a server, flush a store). */
export type ShutdownHook = (context: ShutdownHookContext) => void | PromiseLike<void>

/** Run `hook` for at most `limitMs`; on timeout its signal aborts with `timeoutError`. */
export async function runHook(
  name: string,
  hook: ShutdownHook,
  reason: string,
  limitMs: number,
  timeoutError: Error,
): Promise<HookResult> {
  const started = performance.now()
  const controller = new AbortController()
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100
  let failure: { error: unknown } | undefined
  const running = Promise.resolve()
    .then(() => hook({ reason, signal: controller.signal }))
    .catch((error: unknown) => {
      failure = { error }
    })
  const outcome = await within(running, limitMs)
  if (outcome === "timeout") {
    controller.abort(timeoutError)
    return { name, ok: false, durationMs: elapsed(), error: timeoutError, timedOut: true }
  }
  if (failure !== undefined) {
    return { name, ok: false, durationMs: elapsed(), error: toError(failure.error) }
  }
  return { name, ok: true, durationMs: elapsed() }
}

function toError(value: unknown): Error {
  return value instanceof Error
    ? value
    : new Error("hook failed with a non-error value", { cause: value })
}
