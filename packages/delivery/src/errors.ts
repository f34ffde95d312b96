/**
 * The delivery layer's own errors, as subclasses of @mlskit/core's taxonomy
 * so they carry its stable codes (and HTTP statuses) and pass
 * `MlskitError.isInstance`. Messages name no group, epoch or message bytes.
 */
import { ConflictError, type MlskitErrorOptions, NotFoundError } from "@mlskit/core"

/**
 * A commit lost the epoch fence: the log already holds a live commit for its
 * epoch. Code `CONFLICT`, retryable as core's ConflictError is ("reload and
 * retry"): apply the winner at `winnerSeq`, then redo the intent on the new
 * epoch; appending the same bytes again will always lose.
 */
export class CommitConflictError extends ConflictError {
  /** The seq of the commit that holds the epoch. */
  readonly winnerSeq: number
  /** The epoch both commits were made for. */
  readonly epoch: number

  constructor(epoch: number, winnerSeq: number, options?: MlskitErrorOptions) {
    super("another commit for this epoch is already in the group log", options)
    this.epoch = epoch
    this.winnerSeq = winnerSeq
  }
}

/**
 * A reader asked for entries that retention has already trimmed. Code
 * `NOT_FOUND` (the entries are gone), never retryable: re-read the group's
 * state some other way (rejoin), then resume after `oldestSeq - 1`.
 */
export class FellBehindError extends NotFoundError {
  /** The oldest seq the log can still return (there may be no entry there yet). */
  readonly oldestSeq: number

  constructor(oldestSeq: number, options?: MlskitErrorOptions) {
    super("the requested log entries were trimmed by retention", { ...options, retryable: false })
    this.oldestSeq = oldestSeq
  }
}

/**
 * A hosted member's commit intent kept losing the epoch fence to other
 * members' commits, `attempts` times in a row. Code `CONFLICT`, retryable:
 * the group is busy; try the intent again later.
 */
export class CommitRedoExhaustedError extends ConflictError {
  readonly attempts: number

  constructor(attempts: number, options?: MlskitErrorOptions) {
    super(`the commit lost to other members' commits ${attempts} times; retry`, options)
    this.attempts = attempts
  }
}

/**
 * The message is already in the group log (a replay, or a retry whose
 * first answer was lost): nothing was appended. Code `CONFLICT`, not
 * retryable; `seq` is where the message stands.
 */
export class AlreadyAppendedError extends ConflictError {
  readonly seq: number

  constructor(seq: number, options?: MlskitErrorOptions) {
    super(`the message is already in the group log at seq ${seq}`, { ...options, retryable: false })
    this.seq = seq
  }
}
