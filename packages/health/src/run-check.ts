/**
 * Runs one health check safely. Use it wherever a check's outcome must be a
 * status, whatever the check does: a throw, a rejection, a bad return value
 * or a timeout becomes Unhealthy with a short, stack-free explanation.
 */
import type { ComponentReport, HealthCheck, HealthCheckResult } from "./component-health.js"
import { HealthCheckTimeoutError } from "./errors.js"
import { HealthStatus, isHealthStatus } from "./health-status.js"

/** Run `check` under `name` with a timeout; never rejects. `onError` sees the raw failure. */
export async function runCheck(
  name: string,
  check: HealthCheck,
  timeoutMs: number,
  onError: (name: string, error: unknown) => void,
): Promise<ComponentReport> {
  const started = performance.now()
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs)
    timer.unref?.()
  })
  const report = (status: HealthStatus, details?: string): ComponentReport => {
    const durationMs = Math.round((performance.now() - started) * 100) / 100
    return details === undefined
      ? { name, status, durationMs }
      : { name, status, details, durationMs }
  }
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(() => check({ signal: controller.signal })),
      timeout,
    ])
    if (outcome === "timeout") {
      const error = new HealthCheckTimeoutError(name, timeoutMs)
      controller.abort(error)
      notify(onError, name, error)
      return report(HealthStatus.Unhealthy, `check timed out after ${timeoutMs} ms`)
    }
    const normalized = normalize(outcome)
    if (normalized === undefined) {
      return report(HealthStatus.Unhealthy, "check returned an invalid result")
    }
    return report(normalized.status, normalized.details)
  } catch (error) {
    notify(onError, name, error)
    return report(HealthStatus.Unhealthy, `check failed: ${describe(error)}`)
  } finally {
    clearTimeout(timer)
  }
}

function normalize(
  value: HealthCheckResult,
): { status: HealthStatus; details?: string } | undefined {
  if (isHealthStatus(value)) return { status: value }
  if (typeof value !== "object" || value === null || !isHealthStatus(value.status)) return undefined
  return typeof value.details === "string"
    ? { status: value.status, details: value.details }
    : { status: value.status }
}

/** The error's class name and `code`, never its message or stack (they may hold secrets). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return "threw a non-error value"
  const code = (error as { code?: unknown }).code
  return typeof code === "string" || typeof code === "number"
    ? `${error.name} (${code})`
    : error.name
}

function notify(onError: (name: string, error: unknown) => void, name: string, error: unknown) {
  try {
    onError(name, error)
  } catch {
    // A failing error callback must not change the outcome of a health check.
  }
}
