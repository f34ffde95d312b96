/**
 * For testing an `OperationHooks` implementation (metrics, tracing, your
 * own): drives the hooks the way core does for one operation (onStart,
 * runInContext around the body, onStep at milestones, onEnd).
 */
import type { MlskitError } from "../errors.js"
import type { OperationAttributes, OperationHooks, OperationName, OperationStep } from "../hooks.js"

/** What the simulated operation does and how it ends. */
export interface SimulatedOperation {
  attributes?: OperationAttributes
  steps?: OperationStep[]
  /** Attributes learnt while the body runs. */
  result?: OperationAttributes
  error?: MlskitError
  durationMs?: number
}

/** Runs one simulated operation through `hooks`. */
export async function simulateOperation(
  hooks: OperationHooks,
  operation: OperationName,
  { attributes = {}, steps = [], result = {}, error, durationMs = 1.5 }: SimulatedOperation = {},
): Promise<void> {
  const context = hooks.onStart?.(operation, { ...attributes })
  const body = async () => {
    for (const step of steps) hooks.onStep?.(operation, step, context)
  }
  await (hooks.runInContext ? hooks.runInContext(context, body) : body())
  hooks.onEnd?.(
    operation,
    { attributes: { ...attributes, ...result }, durationMs, ...(error ? { error } : {}) },
    context,
  )
}
