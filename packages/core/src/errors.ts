/**
 * The typed error taxonomy of mlskit. Every failure that crosses a public
 * boundary is one of these, with a stable `code`, a `retryable` flag and an
 * optional `cause`. Messages never contain key material or plaintext.
 */

import {
  hasErrorMarker,
  MlskitBaseError,
  type MlskitErrorOptions,
  ServiceUnavailableError,
} from "@mlskit/errors"

export type { MlskitErrorOptions } from "@mlskit/errors"
/** The service is shutting down or a dependency is unavailable; retry later. One class, shared with @mlskit/shutdown. */
export { ServiceUnavailableError } from "@mlskit/errors"

const MARKER = Symbol.for("@mlskit/core/error")

/** Every stable error code, for exhaustive handling and pre-created metric series. */
export const ERROR_CODES = [
  "GROUP_NOT_FOUND",
  "INVALID_MESSAGE",
  "CRYPTO_ERROR",
  "SERVICE_UNAVAILABLE",
  "CONFLICT",
  "INVALID_INPUT",
  "STORAGE_ERROR",
  "NOT_FOUND",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "CONFIG_ERROR",
  "MISSING_DEPENDENCY",
  "INTERNAL_ERROR",
] as const

/** Stable machine-readable error codes. */
export type MlsErrorCode = (typeof ERROR_CODES)[number]

/** Base class of every mlskit error; `MlskitError.isInstance` survives duplicate installs. */
export class MlskitError extends MlskitBaseError<MlsErrorCode> {
  constructor(code: MlsErrorCode, message: string, options?: MlskitErrorOptions) {
    super(code, message, options)
    // Set rather than declared, so the shared ServiceUnavailableError (which
    // isInstance accepts) is also a MlskitError to the type checker.
    Object.defineProperty(this, MARKER, { value: true, enumerable: true })
  }

  /** True for any mlskit core error (and the shared ServiceUnavailableError), even from another installed copy. */
  static override isInstance(value: unknown): value is MlskitError {
    return hasErrorMarker(value, MARKER) || ServiceUnavailableError.isInstance(value)
  }
}

/** No group with this id is known to the store. */
export class GroupNotFoundError extends MlskitError {
  constructor(message = "group not found", options?: MlskitErrorOptions) {
    super("GROUP_NOT_FOUND", message, options)
  }
}

/** The bytes are not a valid MLS message for this use (undecodable, wrong type, wrong group or epoch, replayed). */
export class InvalidMessageError extends MlskitError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super("INVALID_MESSAGE", message, options)
  }
}

/** A cryptographic check failed (signature, AEAD tag, membership tag, wrong at-rest key). */
export class CryptoError extends MlskitError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super("CRYPTO_ERROR", message, options)
  }
}

/** A compare-and-swap lost: another writer changed the record first. Reload and retry. */
export class ConflictError extends MlskitError {
  constructor(message = "concurrent modification", options?: MlskitErrorOptions) {
    super("CONFLICT", message, { retryable: true, ...options })
  }
}

/** An argument is malformed, out of range or of the wrong type. */
export class InvalidInputError extends MlskitError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super("INVALID_INPUT", message, options)
  }
}

/** The store failed. `retryable` tells whether the failure is transient (connection loss). */
export class StorageError extends MlskitError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super("STORAGE_ERROR", message, options)
  }
}

/** An identity or key package does not exist. */
export class NotFoundError extends MlskitError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super("NOT_FOUND", message, options)
  }
}

/** The caller is not authenticated. */
export class UnauthorizedError extends MlskitError {
  constructor(message = "unauthorized", options?: MlskitErrorOptions) {
    super("UNAUTHORIZED", message, options)
  }
}

/** The caller is authenticated but may not touch this resource. */
export class ForbiddenError extends MlskitError {
  constructor(message = "forbidden", options?: MlskitErrorOptions) {
    super("FORBIDDEN", message, options)
  }
}

/** Configuration is invalid; the message names the offending key. */
export class ConfigError extends MlskitError {
  readonly key: string
  constructor(key: string, message: string, options?: MlskitErrorOptions) {
    super("CONFIG_ERROR", `${key}: ${message}`, options)
    this.key = key
  }
}

/** An optional package needed for the chosen ciphersuite is not installed. */
export class MissingDependencyError extends MlskitError {
  readonly packageName: string
  constructor(packageName: string, message: string, options?: MlskitErrorOptions) {
    super("MISSING_DEPENDENCY", message, options)
    this.packageName = packageName
  }
}

/** A bug or an unexpected state inside mlskit or ts-mls. */
export class InternalError extends MlskitError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super("INTERNAL_ERROR", message, options)
  }
}
