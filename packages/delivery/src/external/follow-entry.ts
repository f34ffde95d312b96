/**
 * `followEntry`: fold one log entry of a followed group into its roster,
 * without keys. Application messages, proposals of other epochs and
 * PrivateMessage proposals move only `seq`; a PublicMessage proposal of the
 * roster's epoch is remembered by its ProposalRef; a PublicMessage commit
 * of the roster's epoch moves the leaves and the epoch. A PrivateMessage
 * commit, a commit of another epoch, or a commit the roster cannot resolve
 * is refused with UnfollowableCommitError, so a caller that folds a
 * candidate before appending it can refuse it with the same error.
 */
import { InvalidInputError, InvalidMessageError, toHex } from "@mlskit/core"
import { decodeMlsMessage, type PublicMessage } from "ts-mls"
import { readProtocolFraming } from "../read-framing.js"
import { basicIdentity } from "./basic-identity.js"
import { commitLeaves } from "./commit-leaves.js"
import { checkSameIdentity, proposalChange } from "./proposal-change.js"
import { proposalRef } from "./proposal-ref.js"
import type { Roster } from "./roster.js"
import { senderLeaf } from "./sender-leaf.js"
import { UnfollowableCommitError } from "./unfollowable-commit-error.js"

/** A log entry as `followEntry` needs it. */
export interface FollowedEntry {
  seq: number
  message: Uint8Array
}

/** Fold one log entry (already accepted by the log: framing valid, group id matches). Pure: returns a new roster. */
export async function followEntry(roster: Roster, entry: FollowedEntry): Promise<Roster> {
  if (!Number.isSafeInteger(entry.seq) || entry.seq <= roster.seq) {
    throw new InvalidInputError(`entry seq must be an integer above the roster's seq ${roster.seq}`)
  }
  const framing = readProtocolFraming(entry.message, { maxBytes: Number.MAX_SAFE_INTEGER })
  const moved: Roster = { ...roster, seq: entry.seq }
  if (framing.wireFormat === "private_message") {
    if (framing.contentType === "commit") {
      throw new UnfollowableCommitError(
        "a PrivateMessage commit in a group the Delivery Service follows itself: commits there must be PublicMessages",
      )
    }
    return moved
  }
  if (framing.contentType === "application") return moved
  if (framing.contentType === "proposal") {
    if (framing.epoch !== roster.epoch) return moved
    return { ...moved, proposals: await rememberProposal(roster, entry.message) }
  }
  if (framing.epoch !== roster.epoch) {
    throw new UnfollowableCommitError(
      `a commit for epoch ${framing.epoch} while the roster is at epoch ${roster.epoch}`,
    )
  }
  const content = publicMessageOf(entry.message).content
  if (content.contentType !== "commit") throw new InvalidMessageError("expected a commit")
  return {
    suite: roster.suite,
    epoch: roster.epoch + 1,
    leaves: commitLeaves(roster, content.sender, content.commit),
    proposals: [],
    seq: entry.seq,
  }
}

/** The roster's proposals with the PublicMessage proposal in `bytes` added (once). */
async function rememberProposal(roster: Roster, bytes: Uint8Array): Promise<Roster["proposals"]> {
  const message = publicMessageOf(bytes)
  const { content } = message
  if (content.contentType !== "proposal") throw new InvalidMessageError("expected a proposal")
  const change = proposalChange(content.proposal)
  if (content.sender.senderType === "member") {
    senderLeaf(roster, content.sender.leafIndex)
    if (content.proposal.proposalType === "update") {
      const identity = basicIdentity(content.proposal.update.leafNode.credential)
      checkSameIdentity(roster, content.sender.leafIndex, identity)
    }
  }
  const ref = toHex(await proposalRef(roster.suite, bytes, message))
  if (roster.proposals.some((known) => known.ref === ref)) return roster.proposals
  return [...roster.proposals, { ref, change }]
}

/** The PublicMessage of bytes `readProtocolFraming` already accepted as one. */
function publicMessageOf(bytes: Uint8Array): PublicMessage {
  const [message] = decodeMlsMessage(bytes, 0) ?? []
  if (message?.wireformat !== "mls_public_message") {
    throw new InvalidMessageError("expected a public message")
  }
  return message.publicMessage
}
