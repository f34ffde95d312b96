/**
 * Assertions on mlskit errors that survive duplicate installs: they check the
 * `MlskitError` marker and the stable `code`, not `instanceof`. Built on
 * node:assert, so they work under any test runner.
 */
import { strictEqual } from "node:assert/strict"
import { type MlsErrorCode, MlskitError } from "../errors.js"

/** Awaits `promise`, asserts it rejects with an MlskitError of `code`, and returns the error. */
export async function expectMlskitError(
  promise: Promise<unknown>,
  code: MlsErrorCode,
): Promise<MlskitError> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  )
  if (!outcome.rejected) {
    throw new Error(`expected a rejection with ${code}, but the call resolved`)
  }
  const { error } = outcome
  if (!MlskitError.isInstance(error)) {
    throw new Error(`expected an MlskitError with ${code}, got ${describe(error)}`, {
      cause: error,
    })
  }
  strictEqual(error.code, code, `error code (message: ${error.message})`)
  return error
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
