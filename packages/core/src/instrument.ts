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

/** One running operation: its live attributes and each hook's context. */
class ObservedOperation implements OperationScope {
  readonly contexts: unknown[]

  constructor(
    readonly hooks: readonly OperationHooks[],
    readonly name: OperationName,
    readonly attributes: OperationAttributes,
  ) {
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
    Object.assign(this.attributes, more)
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
    for (let i = 0; i < this.hooks.length; i++) {
      const hook = this.hooks[i] as OperationHooks
      if (hook.onEnd === undefined) continue
      const outcome = error
        ? { attributes: this.attributes, durationMs, error }
        : { attributes: this.attributes, durationMs }
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
 * Run `body` as operation `name`, reporting to `hooks`. `initial` becomes
 * the operation's live attributes object: pass a fresh one.
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
