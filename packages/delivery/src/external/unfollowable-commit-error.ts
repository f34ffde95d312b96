/**
 * The error of a group the Delivery Service follows itself (no hosted
 * member): the log entry cannot be folded into the key-less roster, so the
 * Delivery Service must not accept it. Code `INVALID_MESSAGE`, never
 * retryable: the same bytes will always be refused. Messages say why and
 * carry no message bytes, identities or keys.
 */
import { InvalidMessageError, type MlskitErrorOptions } from "@mlskit/core"

/** A commit (or proposal) the roster of a followed group cannot follow. */
export class UnfollowableCommitError extends InvalidMessageError {
  constructor(message: string, options?: MlskitErrorOptions) {
    super(message, { ...options, retryable: false })
  }
}
