/**
 * The leaves after a PublicMessage commit, in RFC 9420 section 12.4.2
 * order: the commit's proposals (inline by value, or by reference to the
 * proposals of the epoch the roster saw), removes first, then adds, then an
 * external joiner's own leaf. The committer's UpdatePath may not change its
 * identity. Nothing is verified cryptographically: the members do that;
 * the roster only follows what the log says.
 */

import { toHex } from "@mlskit/core"
import type { Commit, Sender } from "ts-mls"
import { basicIdentity } from "./basic-identity.js"
import { blankLeaf, placeLeaf, truncateLeaves } from "./leaves.js"
import { checkSameIdentity, proposalChange } from "./proposal-change.js"
import type { Roster, RosterChange } from "./roster.js"
import { senderLeaf } from "./sender-leaf.js"
import { UnfollowableCommitError } from "./unfollowable-commit-error.js"

/** The roster's leaves once `commit`, sent by `sender` at the roster's epoch, is applied. */
export function commitLeaves(roster: Roster, sender: Sender, commit: Commit): (string | null)[] {
  const external = sender.senderType === "new_member_commit"
  if (!external) {
    if (sender.senderType !== "member") {
      throw new UnfollowableCommitError(`a commit cannot come from a ${sender.senderType} sender`)
    }
    senderLeaf(roster, sender.leafIndex)
  }
  const changes = commit.proposals.map((item) =>
    item.proposalOrRefType === "proposal"
      ? proposalChange(item.proposal)
      : changeByReference(roster, item.reference),
  )
  const leaves = roster.leaves.slice()
  for (const change of changes) if (change.kind === "remove") blankLeaf(leaves, change.leafIndex)
  truncateLeaves(leaves)
  for (const change of changes) if (change.kind === "add") placeLeaf(leaves, change.identity)
  if (external) {
    if (commit.path === undefined) {
      throw new UnfollowableCommitError(
        "an external commit has no UpdatePath to take the joiner's identity from",
      )
    }
    placeLeaf(leaves, basicIdentity(commit.path.leafNode.credential))
  } else if (sender.senderType === "member" && commit.path !== undefined) {
    checkSameIdentity(roster, sender.leafIndex, basicIdentity(commit.path.leafNode.credential))
  }
  return leaves
}

function changeByReference(roster: Roster, reference: Uint8Array): RosterChange {
  const ref = toHex(reference)
  const known = roster.proposals.find((proposal) => proposal.ref === ref)
  if (known === undefined) {
    throw new UnfollowableCommitError(
      "the commit references a proposal the Delivery Service never saw as a PublicMessage of this epoch (proposals in groups it follows must be PublicMessages)",
    )
  }
  return known.change
}
