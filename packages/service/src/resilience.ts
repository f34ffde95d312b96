/**
 * The retry strategy for calls to remote dependencies, on cockatiel:
 * transient failures (a retryable StorageError or ServiceUnavailableError)
 * are retried with exponential backoff and jitter; consecutive
 * unavailability opens a circuit breaker that fails fast with
 * ServiceUnavailableError; CryptoError, GroupNotFound, Conflict and every
 * other non-transient error are never retried. How a store is wrapped in it
 * (reads retry, writes reload first) is in `store-retries.ts`.
 */
import { MlskitError, ServiceUnavailableError } from "@mlskit/core"
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  type IPolicy,
  retry,
  wrap,
} from "cockatiel"

/** Tuning of the retry strategy. */
export interface RetryStrategyOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number
  initialDelayMs?: number
  maxDelayMs?: number
  /** Consecutive transient failures that open the breaker (default 5). */
  breakerThreshold?: number
  /** How long the breaker stays open before one trial call (default 5 s). */
  halfOpenAfterMs?: number
}

/** True for errors worth retrying: retryable mlskit errors other than Conflict (which needs a reload, not a retry). */
export function isTransient(error: unknown): boolean {
  return MlskitError.isInstance(error) && error.retryable && error.code !== "CONFLICT"
}

/** A policy to run calls to one remote dependency through. */
export interface RetryStrategy {
  execute<T>(fn: (context: { signal: AbortSignal }) => Promise<T>, signal?: AbortSignal): Promise<T>
  /** "closed", "open", "half-open" or "isolated". */
  readonly breakerState: string
}

/** Build the seed's retry strategy: retry(transient, exponential backoff with jitter) around a circuit breaker. */
export function createRetryStrategy(options: RetryStrategyOptions = {}): RetryStrategy {
  const transient = handleWhen(isTransient)
  const breaker = circuitBreaker(transient, {
    halfOpenAfter: options.halfOpenAfterMs ?? 5_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  })
  const retryPolicy = retry(
    handleWhen((err) => isTransient(err) && !(err instanceof BrokenCircuitError)),
    {
      maxAttempts: options.maxRetries ?? 3,
      backoff: new ExponentialBackoff({
        initialDelay: options.initialDelayMs ?? 50,
        maxDelay: options.maxDelayMs ?? 2_000,
      }),
    },
  )
  const policy: IPolicy = wrap(retryPolicy, breaker)
  return {
    async execute(fn, signal) {
      try {
        return await policy.execute(({ signal }) => fn({ signal }), signal)
      } catch (err) {
        if (err instanceof BrokenCircuitError) {
          throw new ServiceUnavailableError("storage is unavailable (circuit open); retry later", {
            cause: err,
          })
        }
        throw err
      }
    },
    get breakerState() {
      return ["closed", "open", "half-open", "isolated"][breaker.state] ?? "unknown"
    },
  }
}
