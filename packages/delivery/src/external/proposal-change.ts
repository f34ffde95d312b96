/**
 * What a proposal does to the roster: an Add brings the KeyPackage's basic
 * identity, a Remove blanks a leaf; every other proposal (PSK, ReInit,
 * ExternalInit, GroupContextExtensions, custom) leaves identities where they
 * are. An Update keeps its sender's leaf, so it is `other` once checked not
 * to change the sender's identity (see `checkSameIdentity`).
 */
import type { Proposal } from "ts-mls"
import { basicIdentity } from "./basic-identity.js"
import type { Roster, RosterChange } from "./roster.js"
import { UnfollowableCommitError } from "./unfollowable-commit-error.js"

/** The roster change of one proposal. */
export function proposalChange(proposal: Proposal): RosterChange {
  switch (proposal.proposalType) {
    case "add":
      return { kind: "add", identity: basicIdentity(proposal.add.keyPackage.leafNode.credential) }
    case "remove":
      return { kind: "remove", leafIndex: proposal.remove.removed }
    default:
      return { kind: "other" }
  }
}

/**
 * Refuse a leaf node that would change the identity of the leaf it replaces
 * (an Update proposal, or a committer's UpdatePath): the roster keys callers
 * by identity, and a member changing it in place would keep its seat under
 * another name. Remove and re-add instead.
 */
export function checkSameIdentity(roster: Roster, leafIndex: number, identity: string): void {
  if (roster.leaves[leafIndex] !== identity) {
    throw new UnfollowableCommitError(
      `leaf ${leafIndex} would change its credential identity; the Delivery Service refuses identity changes in groups it follows (remove and re-add the member)`,
    )
  }
}
