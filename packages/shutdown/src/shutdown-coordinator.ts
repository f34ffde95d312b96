/**
 * The graceful-shutdown coordinator. Use one per process: components track
 * their in-flight work and register close hooks, and on SIGTERM (or
 * `shutdown()`) it walks the phases not-ready → stop-accepting → draining →
 * closing → done inside one overall deadline, so the process never hangs.
 */
import {
  HookTimeoutError,
  InvalidShutdownOptionError,
  ServiceUnavailableError,
  ShutdownDeadlineError,
  shuttingDownError,
} from "./errors.js"
import { InFlightTracker, type WorkToken } from "./in-flight-tracker.js"
import { runHook, type ShutdownHook } from "./run-hook.js"
import { ShutdownPhase } from "./shutdown-phase.js"
import type { HookResult, ShutdownResult } from "./shutdown-result.js"
import { DEFAULT_SIGNALS, type SignalSource, signalExitCode } from "./signal-source.js"
import { sleep, within } from "./timers.js"

/** Options of a coordinator. All times are in milliseconds. */
export interface ShutdownCoordinatorOptions {
  /** Overall deadline from the start of shutdown to done (default 30 000). */
  timeoutMs?: number
  /** Longest wait for in-flight work (default half of `timeoutMs`, so hooks keep the other half). */
  drainTimeoutMs?: number
  /** Time between not-ready and stop-accepting, for load balancers to notice (default 0; ~5 000 behind Kubernetes). */
  readinessDelayMs?: number
  /** Timeout of each hook unless it sets its own (default 5 000). */
  hookTimeoutMs?: number
  /** Call `exit(result.exitCode)` when done: default true for a shutdown started by a signal, false otherwise. */
  exitOnDone?: boolean
  /** Exits the process (default `process.exit`); injectable for tests. */
  exit?: (code: number) => void
  /** Install signal handlers at once: `true` for SIGTERM and SIGINT, or a list of signals. */
  handleSignals?: boolean | readonly NodeJS.Signals[]
  /** Where signals come from (default `process`). */
  signalSource?: SignalSource
}

/** Options of one hook. */
export interface HookOptions {
  /** This hook's timeout (default: the coordinator's `hookTimeoutMs`). */
  timeoutMs?: number
  /** Lower runs earlier (default 0); hooks with the same order run in reverse registration order. */
  order?: number
}

/** Called on every phase change, synchronously; not awaited, and a throw is ignored. */
export type PhaseListener = (phase: ShutdownPhase, previous: ShutdownPhase) => void

/** Overall shutdown deadline unless configured otherwise. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000

/** Per-hook timeout unless configured otherwise. */
export const DEFAULT_HOOK_TIMEOUT_MS = 5_000

interface RegisteredHook {
  name: string
  hook: ShutdownHook
  timeoutMs: number
  order: number
  sequence: number
}

/** Coordinates a graceful shutdown in explicit, observable phases. */
export class ShutdownCoordinator {
  readonly #timeoutMs: number
  readonly #drainTimeoutMs: number
  readonly #readinessDelayMs: number
  readonly #hookTimeoutMs: number
  readonly #exitOnDone: boolean | undefined
  readonly #exit: (code: number) => void
  readonly #signalSource: SignalSource
  readonly #tracker = new InFlightTracker()
  readonly #controller = new AbortController()
  readonly #hooks: RegisteredHook[] = []
  readonly #listeners = new Set<PhaseListener>()
  #phase: ShutdownPhase = ShutdownPhase.Running
  #sequence = 0
  #running: Promise<ShutdownResult> | undefined
  #result: ShutdownResult | undefined
  #signalled = false
  #removeSignalHandlers: (() => void) | undefined

  constructor(options: ShutdownCoordinatorOptions = {}) {
    this.#timeoutMs = positive("timeoutMs", options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS)
    this.#drainTimeoutMs = notNegative(
      "drainTimeoutMs",
      options.drainTimeoutMs ?? this.#timeoutMs / 2,
    )
    this.#readinessDelayMs = notNegative("readinessDelayMs", options.readinessDelayMs ?? 0)
    this.#hookTimeoutMs = positive(
      "hookTimeoutMs",
      options.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
    )
    this.#exitOnDone = options.exitOnDone
    this.#exit = options.exit ?? ((code) => process.exit(code))
    this.#signalSource = options.signalSource ?? process
    const signals = options.handleSignals
    if (signals === true) this.handleSignals()
    else if (Array.isArray(signals)) this.handleSignals(signals)
  }

  /** The current phase. */
  get phase(): ShutdownPhase {
    return this.#phase
  }

  /** True from the moment shutdown starts (readiness should fail from then on). */
  get isShuttingDown(): boolean {
    return this.#phase !== ShutdownPhase.Running
  }

  /** True until the stop-accepting phase; after it `track` and `begin` refuse new work. */
  get isAccepting(): boolean {
    return this.#tracker.accepting
  }

  /** Tracked work currently in flight. */
  get inFlight(): number {
    return this.#tracker.count
  }

  /** Aborted when shutdown starts; pass it to long-lived work (streams, polling loops) so it ends. */
  get signal(): AbortSignal {
    return this.#controller.signal
  }

  /** The result once the shutdown is done, otherwise undefined. */
  get result(): ShutdownResult | undefined {
    return this.#result
  }

  /** Register a close hook under `name`; returns a function that removes it. */
  addHook(name: string, hook: ShutdownHook, options: HookOptions = {}): () => void {
    if (typeof name !== "string" || name.trim() === "") {
      throw new InvalidShutdownOptionError("a shutdown hook needs a non-empty name")
    }
    if (typeof hook !== "function") {
      throw new InvalidShutdownOptionError(`shutdown hook ${name} is not a function`)
    }
    if (this.#hooks.some((registered) => registered.name === name)) {
      throw new InvalidShutdownOptionError(`a shutdown hook named ${name} is already registered`)
    }
    if (this.#phase === ShutdownPhase.Closing || this.#phase === ShutdownPhase.Done) {
      throw new ServiceUnavailableError(
        `cannot add shutdown hook ${name}: hooks are already running`,
      )
    }
    const order = options.order ?? 0
    if (!Number.isFinite(order))
      throw new InvalidShutdownOptionError("order must be a finite number")
    const registered: RegisteredHook = {
      name,
      hook,
      timeoutMs: positive("timeoutMs", options.timeoutMs ?? this.#hookTimeoutMs),
      order,
      sequence: this.#sequence++,
    }
    this.#hooks.push(registered)
    return () => {
      const index = this.#hooks.indexOf(registered)
      if (index >= 0) this.#hooks.splice(index, 1)
    }
  }

  /** Call `listener` on every phase change; returns a function that stops it. */
  onPhase(listener: PhaseListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** Run `work` as tracked in-flight work; rejects with ServiceUnavailableError (without running it) once not accepting. */
  track<T>(work: () => T | PromiseLike<T>): Promise<T> {
    return this.#tracker.track(work)
  }

  /** Start tracked work by hand; call `end()` on the token when done. Throws ServiceUnavailableError once not accepting. */
  begin(): WorkToken {
    return this.#tracker.begin()
  }

  /** Throw ServiceUnavailableError if new work is no longer accepted (for request middleware). */
  assertAccepting(): void {
    if (!this.#tracker.accepting) throw shuttingDownError()
  }

  /** Start shutting down (or join the shutdown in progress: every call returns the same promise). Never rejects. */
  shutdown(reason = "shutdown requested"): Promise<ShutdownResult> {
    if (this.#running !== undefined) return this.#running
    // Assign before starting: phase listeners and abort handlers run inside
    // #run and may call shutdown() again; they must join this shutdown.
    let settle!: { resolve: (result: ShutdownResult) => void; reject: (error: unknown) => void }
    this.#running = new Promise<ShutdownResult>((resolve, reject) => {
      settle = { resolve, reject }
    })
    this.#run(reason).then(settle.resolve, settle.reject)
    return this.#running
  }

  /** Shut down on the first of `signals`, force exit on a second; returns a function that removes the handlers. */
  handleSignals(signals: readonly NodeJS.Signals[] = DEFAULT_SIGNALS): () => void {
    this.#removeSignalHandlers?.()
    if (this.#phase === ShutdownPhase.Done) return () => {}
    const source = this.#signalSource
    const handlers = signals.map((signal) => {
      const handler = () => this.#onSignal(signal)
      source.on(signal, handler)
      return [signal, handler] as const
    })
    const remove = () => {
      for (const [signal, handler] of handlers) source.off(signal, handler)
      if (this.#removeSignalHandlers === remove) this.#removeSignalHandlers = undefined
    }
    this.#removeSignalHandlers = remove
    return remove
  }

  #onSignal(signal: NodeJS.Signals): void {
    if (this.#signalled) {
      this.#exit(signalExitCode(signal))
      return
    }
    this.#signalled = true
    void this.shutdown(signal)
  }

  async #run(reason: string): Promise<ShutdownResult> {
    const started = performance.now()
    const remaining = () => this.#timeoutMs - (performance.now() - started)
    this.#controller.abort(new ServiceUnavailableError(`shutting down: ${reason}`))
    this.#enter(ShutdownPhase.NotReady)
    await sleep(Math.min(this.#readinessDelayMs, remaining()))

    this.#tracker.stopAccepting()
    this.#enter(ShutdownPhase.StopAccepting)

    this.#enter(ShutdownPhase.Draining)
    const drainLimit = Math.min(this.#drainTimeoutMs, remaining())
    const drained = await within(this.#tracker.drained(), drainLimit)
    let timedOut = drained === "timeout" && drainLimit < this.#drainTimeoutMs
    const inFlightAbandoned = this.#tracker.count

    this.#enter(ShutdownPhase.Closing)
    const hooks: HookResult[] = []
    for (const registered of this.#orderedHooks()) {
      const left = remaining()
      if (left <= 0) {
        timedOut = true
        hooks.push({ name: registered.name, ok: false, durationMs: 0, skipped: true })
        continue
      }
      const cut = registered.timeoutMs > left
      const result = await runHook(
        registered.name,
        registered.hook,
        reason,
        cut ? left : registered.timeoutMs,
        cut
          ? new ShutdownDeadlineError(this.#timeoutMs)
          : new HookTimeoutError(registered.name, registered.timeoutMs),
      )
      if (cut && result.timedOut === true) timedOut = true
      hooks.push(result)
    }

    const ok = !timedOut && inFlightAbandoned === 0 && hooks.every((hook) => hook.ok)
    const result: ShutdownResult = {
      ok,
      reason,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      timedOut,
      inFlightAbandoned,
      hooks,
      exitCode: ok ? 0 : 1,
    }
    this.#result = result
    this.#enter(ShutdownPhase.Done)
    this.#removeSignalHandlers?.()
    if (this.#exitOnDone ?? this.#signalled) this.#exit(result.exitCode)
    return result
  }

  #orderedHooks(): RegisteredHook[] {
    return [...this.#hooks].sort((a, b) => a.order - b.order || b.sequence - a.sequence)
  }

  #enter(phase: ShutdownPhase): void {
    const previous = this.#phase
    this.#phase = phase
    for (const listener of [...this.#listeners]) {
      try {
        listener(phase, previous)
      } catch {
        // A failing listener must not stop the shutdown.
      }
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidShutdownOptionError(`${name} must be a positive number, got ${value}`)
  }
  return value
}

function notNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidShutdownOptionError(`${name} must be zero or more, got ${value}`)
  }
  return value
}
