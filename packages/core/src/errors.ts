/**
 * The typed error taxonomy of mlskit. Every failure that crosses a public
 * boundary is one of these, with a stable `code`, a `retryable` flag and an
 * optional `cause`. Messages never contain key material or plaintext.
 */

import {
  type MlskitErrorOptions as BaseErrorOptions,
  hasErrorMarker,
  MlskitBaseError,
  type MlskitErrorJson,
  ServiceUnavailableError,
} from "@mlskit/errors"

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
  "STATE_UNREADABLE",
] as const

/** Stable machine-readable error codes. */
export type MlsErrorCode = (typeof ERROR_CODES)[number]

/**
 * Why a message or an argument was rejected, where mlskit can tell, refining
 * the `code` (INVALID_MESSAGE, INVALID_INPUT) into something a client can act on:
 * - `wrong_group`: the message belongs to another group; route it there.
 * - `past_epoch`: the message is from an epoch this member has left (or whose keys are gone); drop it.
 * - `future_epoch`: the message is from an epoch this member has not reached; process the missing commits first.
 * - `own_message`: this member sent the message; its effect was applied when it was sent; drop it.
 * - `replayed`: the message's generation was already used (a duplicate) or its key was discarded; drop it.
 * - `too_far_ahead`: the sender is more generations ahead than `maxForwardRatchetSteps` allows.
 * - `missing_proposal`: a commit covers a proposal this member has not processed; process it first.
 * - `key_package_lifetime`: a key package is expired or not yet valid; fetch a fresh one.
 * - `ciphersuite_mismatch`: a welcome or key package is for a different ciphersuite.
 * - `unsupported`: the group needs an extension or capability the key package does not support.
 * - `ratchet_tree_required`: a welcome without a ratchet_tree extension needs the tree passed alongside.
 * - `protocol_violation`: the sender broke an RFC 9420 rule; do not retry.
 * - `malformed`: the bytes do not decode.
 */
export const REJECT_REASONS = [
  "wrong_group",
  "past_epoch",
  "future_epoch",
  "own_message",
  "replayed",
  "too_far_ahead",
  "missing_proposal",
  "key_package_lifetime",
  "ciphersuite_mismatch",
  "unsupported",
  "ratchet_tree_required",
  "protocol_violation",
  "malformed",
] as const

/** A stable machine-readable refinement of an error code (see REJECT_REASONS). */
export type RejectReason = (typeof REJECT_REASONS)[number]

/** Options of core's errors: the shared ones plus why the input was rejected. */
export interface MlskitErrorOptions extends BaseErrorOptions {
  /** Why the input was rejected, when known. */
  reason?: RejectReason
}

/** Base class of every mlskit error; `MlskitError.isInstance` survives duplicate installs. */
export class MlskitError extends MlskitBaseError<MlsErrorCode> {
  /** Why the input was rejected, when known (INVALID_MESSAGE and INVALID_INPUT errors). */
  readonly reason?: RejectReason

  constructor(code: MlsErrorCode, message: string, options: MlskitErrorOptions = {}) {
    super(code, message, options)
    // Set rather than declared, so the shared ServiceUnavailableError (which
    // isInstance accepts) is also a MlskitError to the type checker.
    Object.defineProperty(this, MARKER, { value: true, enumerable: true })
    if (options.reason !== undefined) this.reason = options.reason
  }

  /** True for any mlskit core error (and the shared ServiceUnavailableError), even from another installed copy. */
  static override isInstance(value: unknown): value is MlskitError {
    return hasErrorMarker(value, MARKER) || ServiceUnavailableError.isInstance(value)
  }

  /** A plain object for logs and HTTP bodies: code, message, retryable and reason when known. */
  override toJSON(): MlskitErrorJson<MlsErrorCode> & { reason?: RejectReason } {
    const json = super.toJSON()
    return this.reason === undefined ? json : { ...json, reason: this.reason }
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

/**
 * A commit (staged, unstaged, or a leave) was asked for while a staged
 * commit waits: confirm or discard it first. Not retryable as such: retrying
 * succeeds only once the pending commit is settled.
 */
export class CommitPendingError extends ConflictError {
  constructor(
    message = "a commit is pending; confirm or discard it",
    options?: MlskitErrorOptions,
  ) {
    super(message, { ...options, retryable: false })
  }
}

/** `confirmCommit` found no staged commit (it was never staged, or already confirmed or discarded). */
export class NoPendingCommitError extends ConflictError {
  constructor(message = "no commit is pending", options?: MlskitErrorOptions) {
    super(message, { ...options, retryable: false })
  }
}

/**
 * An entry at or below the group's applied cursor was offered again: it took
 * effect already and is refused without any change (exactly-once apply).
 */
export class AlreadyAppliedError extends ConflictError {
  /** The group's applied cursor when the entry was refused. */
  readonly appliedSeq: number
  constructor(seq: number, appliedSeq: number, options?: MlskitErrorOptions) {
    super(`entry ${seq} is already applied (the applied cursor is at ${appliedSeq})`, {
      ...options,
      retryable: false,
    })
    this.appliedSeq = appliedSeq
  }
}

/** An argument is malformed, out of range or of the wrong type. */
export class InvalidInputError extends MlskitError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super("INVALID_INPUT", message, options)
  }
}

/**
 * The identity keeps its private keys elsewhere (an external member, such as
 * a browser running its own MLS client): core holds only its name and the
 * key packages it published, so nothing that signs or decrypts for it can
 * run here. A refused call changes nothing.
 */
export class KeysElsewhereError extends InvalidInputError {
  /** The identity's name. */
  readonly identityName: string
  constructor(identityName: string, message?: string, options?: MlskitErrorOptions) {
    super(message ?? `identity ${JSON.stringify(identityName)} keeps its keys elsewhere`, options)
    this.identityName = identityName
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

/** Which sealed record could not be opened. */
export type SealedRecordKind = "group_state" | "signature_key" | "key_package"

/** Why a sealed record could not be opened: another state key sealed it, or it is damaged or altered. */
export type UnreadableReason = "another_key" | "damaged"

/**
 * A stored record does not open under the configured state key: a fault of
 * this server (wrong key, damaged or altered data), never of the caller.
 * Not retryable; servers answer 500 and report themselves unhealthy.
 */
export class StateUnreadableError extends MlskitError {
  readonly record: SealedRecordKind
  /** Why it did not open (named `fault`, not `reason`: it is for operators, not a client-facing RejectReason). */
  readonly fault: UnreadableReason
  /** The id of the record (group id, identity id or key package ref), for server logs; not in the message. */
  readonly recordId: string
  constructor(
    record: { kind: SealedRecordKind; id: string },
    reason: UnreadableReason,
    message: string,
    options?: MlskitErrorOptions,
  ) {
    super("STATE_UNREADABLE", message, { ...options, retryable: false })
    this.record = record.kind
    this.recordId = record.id
    this.fault = reason
  }
}
