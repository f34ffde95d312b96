/**
 * The registry of named health checks. Use one per process: components
 * register their checks, and probes ask it for an aggregated report where the
 * worst component wins. Concurrent reports share one run of each check, so a
 * burst of probes does not multiply the load on a database.
 */
import type { ComponentReport, HealthCheck, HealthReport } from "./component-health.js"
import { InvalidHealthCheckError } from "./errors.js"
import { worstStatus } from "./health-status.js"
import { runCheck } from "./run-check.js"

/** Options of a registry. */
export interface HealthRegistryOptions {
  /** Timeout of each check unless it sets its own, in ms (default 2000). */
  timeoutMs?: number
  /** Read on every readiness probe; true means not ready (for example `() => coordinator.isShuttingDown`). */
  shuttingDown?: () => boolean
  /** Sees the raw error of a check that threw or timed out (reports only carry its class name). */
  onCheckError?: (name: string, error: unknown) => void
}

/** Options of one check. */
export interface RegisterOptions {
  /** Timeout of this check in ms (default: the registry's). */
  timeoutMs?: number
  /**
   * Critical for liveness: if this check is Unhealthy the liveness probe
   * fails and an orchestrator restarts the process. Only for states a restart
   * fixes (a wedged event loop, a corrupted in-memory state), never for
   * external dependencies. Default false.
   */
  liveness?: boolean
}

/** Per-check timeout unless configured otherwise. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2000

interface Entry {
  check: HealthCheck
  timeoutMs: number
  liveness: boolean
  running: Promise<ComponentReport> | undefined
}

/** Aggregates many named component checks into one report. */
export class HealthRegistry {
  readonly #entries = new Map<string, Entry>()
  readonly #timeoutMs: number
  readonly #shuttingDown: (() => boolean) | undefined
  readonly #onCheckError: (name: string, error: unknown) => void
  #shuttingDownFlag = false

  constructor(options: HealthRegistryOptions = {}) {
    this.#timeoutMs = validTimeout(options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS)
    this.#shuttingDown = options.shuttingDown
    this.#onCheckError = options.onCheckError ?? (() => {})
  }

  /** Add a check under a unique `name`; returns a function that removes it. */
  register(name: string, check: HealthCheck, options: RegisterOptions = {}): () => void {
    if (typeof name !== "string" || name.trim() === "") {
      throw new InvalidHealthCheckError("a health check needs a non-empty name")
    }
    if (this.#entries.has(name)) {
      throw new InvalidHealthCheckError(`a health check named ${name} is already registered`)
    }
    if (typeof check !== "function") {
      throw new InvalidHealthCheckError(`health check ${name} is not a function`)
    }
    const entry: Entry = {
      check,
      timeoutMs: validTimeout(options.timeoutMs ?? this.#timeoutMs),
      liveness: options.liveness ?? false,
      running: undefined,
    }
    this.#entries.set(name, entry)
    return () => {
      if (this.#entries.get(name) === entry) this.#entries.delete(name)
    }
  }

  /** Names of the registered checks, in registration order. */
  names(): string[] {
    return [...this.#entries.keys()]
  }

  /** Run every check (in parallel) and aggregate: the worst status wins. */
  check(): Promise<HealthReport> {
    return this.#report(() => true)
  }

  /** Run only the checks registered with `liveness: true` and aggregate them. */
  checkLiveness(): Promise<HealthReport> {
    return this.#report((entry) => entry.liveness)
  }

  /** Mark the process as shutting down (readiness fails from now on); `false` clears the mark. */
  setShuttingDown(value = true): void {
    this.#shuttingDownFlag = value
  }

  /** True after `setShuttingDown()` or while the `shuttingDown` option returns true. */
  get shuttingDown(): boolean {
    if (this.#shuttingDownFlag) return true
    try {
      return this.#shuttingDown?.() === true
    } catch {
      return false
    }
  }

  async #report(include: (entry: Entry) => boolean): Promise<HealthReport> {
    const runs: Promise<ComponentReport>[] = []
    for (const [name, entry] of this.#entries) {
      if (include(entry)) runs.push(this.#run(name, entry))
    }
    const components = await Promise.all(runs)
    return {
      status: worstStatus(components.map((component) => component.status)),
      components,
      checkedAt: new Date().toISOString(),
    }
  }

  #run(name: string, entry: Entry): Promise<ComponentReport> {
    if (entry.running !== undefined) return entry.running
    const running = runCheck(name, entry.check, entry.timeoutMs, this.#onCheckError).finally(() => {
      if (entry.running === running) entry.running = undefined
    })
    entry.running = running
    return running
  }
}

function validTimeout(timeoutMs: number): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidHealthCheckError(`timeoutMs must be a positive number, got ${timeoutMs}`)
  }
  return timeoutMs
}
