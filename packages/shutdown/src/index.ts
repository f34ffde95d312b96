export type { ShutdownErrorCode } from "./errors.js"
export {
  HookTimeoutError,
  InvalidShutdownOptionError,
  ServiceUnavailableError,
  ShutdownDeadlineError,
  ShutdownError,
} from "./errors.js"
export type { WorkToken } from "./in-flight-tracker.js"
export type { ShutdownHook, ShutdownHookContext } from "./run-hook.js"
export type {
  HookOptions,
  PhaseListener,
  ShutdownCoordinatorOptions,
} from "./shutdown-coordinator.js"
export {
  DEFAULT_HOOK_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  ShutdownCoordinator,
} from "./shutdown-coordinator.js"
export { ShutdownPhase } from "./shutdown-phase.js"
export type { HookResult, ShutdownResult } from "./shutdown-result.js"
export {
  type FailedHookSummary,
  type ShutdownSummary,
  summarizeShutdown,
} from "./shutdown-summary.js"
export type { SignalSource } from "./signal-source.js"
export { DEFAULT_SIGNALS, signalExitCode } from "./signal-source.js"
