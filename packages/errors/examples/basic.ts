import { hasErrorMarker, MlskitBaseError, ServiceUnavailableError } from "@mlskit/errors"

// A package's own error family: its codes, its marker, its check.
const MARKER = Symbol.for("@example/cache/error")
type CacheErrorCode = "CACHE_MISS" | "CACHE_FULL"

class CacheError extends MlskitBaseError<CacheErrorCode> {
  readonly [MARKER] = true
  static override isInstance(value: unknown): value is CacheError {
    return hasErrorMarker(value, MARKER)
  }
}

const full = new CacheError("CACHE_FULL", "the cache is full", { retryable: true })
console.log(CacheError.isInstance(full), MlskitBaseError.isInstance(full)) // true true
console.log(JSON.stringify(full)) // name, code, message, retryable: never the cause

const refused = new ServiceUnavailableError("shutting down")
console.log(CacheError.isInstance(refused), refused.code, refused.retryable)
