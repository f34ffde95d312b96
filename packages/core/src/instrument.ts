/**
 * Runs an operation under the observers in `OperationHooks`: times it,
 * collects attributes, reports steps, and maps any failure to an
 * MlskitError. A hook that throws is ignored; it never changes the outcome.
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

function safely(fn: () => void): void {
  try {
    fn()
  } catch {
    // Observers must not affect operations.
  }
}

/** Run `body` as operation `name`, reporting to `hooks`. */
export async function instrument<T>(
  hooks: OperationHooks[],
  name: OperationName,
  initial: OperationAttributes,
  body: (scope: OperationScope) => Promise<T>,
): Promise<T> {
  const attributes: OperationAttributes = { ...initial }
  const contexts: unknown[] = hooks.map((h) => {
    try {
      return h.onStart?.(name, attributes)
    } catch {
      return undefined
    }
  })
  const scope: OperationScope = {
    set(more) {
      Object.assign(attributes, more)
    },
    step(step: OperationStep) {
      for (const [i, h] of hooks.entries()) safely(() => h.onStep?.(name, step, contexts[i]))
    },
  }
  const started = performance.now()
  let run = () => body(scope)
  for (const [i, h] of hooks.entries()) {
    const wrap = h.runInContext?.bind(h)
    if (!wrap) continue
    const inner = run
    run = () => wrap(contexts[i], inner)
  }
  try {
    const result = await run()
    const durationMs = performance.now() - started
    for (const [i, h] of hooks.entries())
      safely(() => h.onEnd?.(name, { attributes, durationMs }, contexts[i]))
    return result
  } catch (err) {
    const error = MlskitError.isInstance(err)
      ? err
      : new InternalError("operation failed unexpectedly", { cause: err })
    const durationMs = performance.now() - started
    for (const [i, h] of hooks.entries()) {
      safely(() => h.onEnd?.(name, { attributes, durationMs, error }, contexts[i]))
    }
    throw error
  }
}
