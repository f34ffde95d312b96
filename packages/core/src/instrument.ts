/**
 * Runs an operation under the observers in `OperationHooks`: times it,
 * collects attributes, reports steps, and maps any failure to an
 * MlskitError. A hook that throws is ignored; it never changes the outcome.
 * This runs around every operation, so it allocates one scope per call and
 * no closures per hook; with no hooks it only maps errors.
 */
import { InternalError, MlskitError } from "./errors.js"
import type {
  OperationAttributes,
  OperationHooks,
  OperationName,
  OperationScope,
  OperationStep,
} from "./hooks.js"

/** Combine several hook objects into one. */
export function combineHooks(
  hooks: OperationHooks | OperationHooks[] | undefined,
): OperationHooks[] {
  if (!hooks) return []
  return Array.isArray(hooks) ? hooks : [hooks]
}

/** The scope handed to an operation's body when nobody observes it. */
const UNOBSERVED: OperationScope = {
  set() {},
  step() {},
}

/**
 * An operation's live attributes with every field present from the start,
 * so the attributes of every operation share one object shape: hooks read
 * them on every call, and `set` only overwrites fields, never adds one.
 */
class LiveAttributes implements OperationAttributes {
  groupId: string | undefined = undefined
  identityId: string | undefined = undefined
  epoch: number | undefined = undefined
  inputBytes: number | undefined = undefined
  outputBytes: number | undefined = undefined
  contentType: OperationAttributes["contentType"] = undefined
  membersAdded: number | undefined = undefined
  membersRemoved: number | undefined = undefined
  removedFromGroup: boolean | undefined = undefined
  count: number | undefined = undefined

  constructor(initial: OperationAttributes) {
    this.assign(initial)
  }

  /** Copy the fields `more` has (an explicit undefined included), as Object.assign would. */
  assign(more: OperationAttributes): void {
    if ("groupId" in more) this.groupId = more.groupId
    if ("identityId" in more) this.identityId = more.identityId
    if ("epoch" in more) this.epoch = more.epoch
    if ("inputBytes" in more) this.inputBytes = more.inputBytes
    if ("outputBytes" in more) this.outputBytes = more.outputBytes
    if ("contentType" in more) this.contentType = more.contentType
    if ("membersAdded" in more) this.membersAdded = more.membersAdded
    if ("membersRemoved" in more) this.membersRemoved = more.membersRemoved
    if ("removedFromGroup" in more) this.removedFromGroup = more.removedFromGroup
    if ("count" in more) this.count = more.count
  }
}

/** One running operation: its live attributes and each hook's context. */
class ObservedOperation implements OperationScope {
  readonly contexts: unknown[]
  readonly attributes: LiveAttributes

  constructor(
    readonly hooks: readonly OperationHooks[],
    readonly name: OperationName,
    initial: OperationAttributes,
  ) {
    const attributes = new LiveAttributes(initial)
    this.attributes = attributes
    this.contexts = new Array(hooks.length)
    for (let i = 0; i < hooks.length; i++) {
      const hook = hooks[i] as OperationHooks
      if (hook.onStart === undefined) continue
      try {
        this.contexts[i] = hook.onStart(name, attributes)
      } catch {
        // Observers must not affect operations.
      }
    }
  }

  set(more: OperationAttributes): void {
    this.attributes.assign(more)
  }

  step(step: OperationStep): void {
    for (let i = 0; i < this.hooks.length; i++) {
      const hook = this.hooks[i] as OperationHooks
      if (hook.onStep === undefined) continue
      try {
        hook.onStep(this.name, step, this.contexts[i])
      } catch {
        // Observers must not affect operations.
      }
    }
  }

  end(durationMs: number, error?: MlskitError): void {
    // One outcome object for all hooks (its type is read-only to them).
    const outcome = error
      ? { attributes: this.attributes, durationMs, error }
      : { attributes: this.attributes, durationMs }
    for (let i = 0; i < this.hooks.length; i++) {
      const hook = this.hooks[i] as OperationHooks
      if (hook.onEnd === undefined) continue
      try {
        hook.onEnd(this.name, outcome, this.contexts[i])
      } catch {
        // Observers must not affect operations.
      }
    }
  }
}

function asMlskitError(err: unknown): MlskitError {
  return MlskitError.isInstance(err)
    ? err
    : new InternalError("operation failed unexpectedly", { cause: err })
}

/**
 * Run `body` as operation `name`, reporting to `hooks`. The operation's
 * live attributes start as a copy of `initial`.
 */
export async function instrument<T>(
  hooks: readonly OperationHooks[],
  name: OperationName,
  initial: OperationAttributes,
  body: (scope: OperationScope) => Promise<T>,
): Promise<T> {
  if (hooks.length === 0) {
    try {
      return await body(UNOBSERVED)
    } catch (err) {
      throw asMlskitError(err)
    }
  }
  const operation = new ObservedOperation(hooks, name, initial)
  const started = performance.now()
  let run = () => body(operation)
  for (let i = 0; i < hooks.length; i++) {
    const hook = hooks[i] as OperationHooks
    if (hook.runInContext === undefined) continue
    const inner = run
    const context = operation.contexts[i]
    run = () => hook.runInContext?.(context, inner) ?? inner()
  }
  let result: T
  try {
    result = await run()
  } catch (err) {
    const error = asMlskitError(err)
    operation.end(performance.now() - started, error)
    throw error
  }
  operation.end(performance.now() - started)
  return result
}
