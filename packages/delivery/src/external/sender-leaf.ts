/**
 * A member sender's leaf must hold someone in the roster: a handshake
 * message claiming a blank or out-of-range leaf cannot come from a member,
 * and the roster would otherwise follow a commit or proposal no member sent.
 */
import type { Roster } from "./roster.js"
import { UnfollowableCommitError } from "./unfollowable-commit-error.js"

/** The identity at a member sender's leaf; UnfollowableCommitError when the leaf is blank or out of range. */
export function senderLeaf(roster: Roster, leafIndex: number): string {
  const identity = roster.leaves[leafIndex] ?? null
  if (identity === null) {
    throw new UnfollowableCommitError(`the sender's leaf ${leafIndex} holds no member`)
  }
  return identity
}
