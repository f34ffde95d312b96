/**
 * Failures surface as ts-mls's own `CryptoError`, exactly as the default
 * provider reports them, so ts-mls and its callers handle both alike.
 */
import { CryptoError } from "ts-mls/mlsError.js"

/** A ts-mls `CryptoError` with a fixed message; `cause` is kept only off the message text. */
export function cryptoError(message: string, cause?: unknown): CryptoError {
  const error = new CryptoError(message)
  if (cause !== undefined)
    Object.defineProperty(error, "cause", { value: cause, enumerable: false })
  return error
}
