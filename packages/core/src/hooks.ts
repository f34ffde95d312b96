/**
 * The instrumentation seam of core. Metrics, tracing and events observe
 * operations through these hooks, so core has no observability dependency.
 * Hooks must not throw; core isolates them anyway and never lets a hook
 * failure change the outcome of an operation.
 */
import type { MlskitError } from "./errors.js"

/** Every operation core reports, in snake case as used by metrics and spans. */
export const OPERATION_NAMES = [
  "create_identity",
  "delete_identity",
  "generate_key_packages",
  "publish_key_packages",
  "create_group",
  "join_group",
  "join_external",
  "send_message",
  "process_message",
  "add_members",
  "remove_members",
  "self_update",
  "confirm_commit",
  "discard_commit",
  "mark_applied",
  "leave_group",
  "export_secret",
  "group_info",
  "export_snapshot",
  "import_snapshot",
] as const

/** Names of the operations core reports. */
export type OperationName = (typeof OPERATION_NAMES)[number]

/** True when `name` is one of core's operation names. */
export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name)
}

/** Non-secret facts about an operation, filled in as it runs. Never plaintext or keys. */
export interface OperationAttributes {
  groupId?: string
  identityId?: string
  epoch?: number
  /** Size in bytes of the input (plaintext length for send, message length for process). */
  inputBytes?: number
  /** Size in bytes of the output (ciphertext, commit, welcome). */
  outputBytes?: number
  /** For process_message: what the message turned out to be. */
  contentType?: "application" | "proposal" | "commit"
  membersAdded?: number
  membersRemoved?: number
  /** Whether the local member was removed by a processed commit. */
  removedFromGroup?: boolean
  /** Number of key packages generated. */
  count?: number
}

/** Named milestones inside an operation, reported as span events by tracing. */
export type OperationStep =
  | "encrypt"
  | "decrypt"
  | "commit_created"
  | "commit_applied"
  | "state_persisted"
  /** A send covered by an earlier write's reservation (`reservedGenerations`): no write needed. */
  | "generation_reserved"

/** A handle for one running operation. */
export interface OperationScope {
  /** Record attributes as they become known. */
  set(attributes: OperationAttributes): void
  /** Mark a milestone. */
  step(name: OperationStep): void
}

/**
 * Observer of core operations. Every member is optional. The attributes
 * object passed to `onStart` is the same live object that is complete when
 * `onEnd` receives it; it has every OperationAttributes key from the start,
 * undefined until known. All hooks of an operation share one `onEnd` outcome.
 */
export interface OperationHooks {
  /**
   * Called when an operation starts. May return a context value (a span, a
   * start time) handed back to `onEnd`, `onStep` and `runInContext`.
   */
  onStart?(operation: OperationName, attributes: OperationAttributes): unknown
  /** Run the operation's body inside the hook's context (for example with a span active). */
  runInContext?<T>(context: unknown, body: () => Promise<T>): Promise<T>
  onStep?(operation: OperationName, step: OperationStep, context: unknown): void
  onEnd?(
    operation: OperationName,
    outcome: {
      readonly attributes: OperationAttributes
      readonly durationMs: number
      readonly error?: MlskitError
    },
    context: unknown,
  ): void
}
