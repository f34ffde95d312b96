/**
 * How NATS failures surface: a lost connection, a timeout or a refused API
 * request becomes a retryable StorageError; mlskit's own errors pass
 * through unchanged. `isWrongLastSequence` spots the fence of an expected
 * last subject sequence, which the log retries rather than reports.
 */
import { MlskitError, StorageError } from "@mlskit/core"
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream"

/** True when a publish lost its expected last subject sequence to another writer. */
export function isWrongLastSequence(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence
  )
}

/** mlskit errors as they are; anything else as a retryable StorageError naming what failed. */
export function toStorageError(error: unknown, what: string): Error {
  if (MlskitError.isInstance(error)) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new StorageError(`nats: ${what} failed (${detail})`, { cause: error, retryable: true })
}
