/**
 * The roster of a group the Delivery Service follows without keys: which
 * identity sits at which leaf index, at which epoch, and the proposals of
 * the current epoch it saw in clear. Enough to refuse non-members and to
 * check that a PublicMessage's sender leaf belongs to its caller; nothing in
 * it is secret. Built by `newRoster` at registration, moved by `followEntry`.
 */
import { InvalidInputError } from "@mlskit/core"
import { isKnownSuite } from "./suite-hash.js"

/** What one proposal does to the roster. */
export type RosterChange =
  | { kind: "add"; identity: string }
  | { kind: "remove"; leafIndex: number }
  | { kind: "other" }

/** A proposal of the current epoch, remembered by its ProposalRef. */
export interface RosterProposal {
  /** The ProposalRef, lower-case hex. */
  ref: string
  change: RosterChange
}

/** The key-less view of a followed group's membership. */
export interface Roster {
  /** MLS ciphersuite id (needed to compute proposal refs). */
  suite: number
  epoch: number
  /** Identity (basic credential identity as UTF-8) per leaf index; null = blank leaf. */
  leaves: (string | null)[]
  /** Proposals of the current epoch seen as PublicMessage, by hex ProposalRef, to resolve commits' proposals by reference. */
  proposals: RosterProposal[]
  /** The last log seq folded into the roster (0 at registration). */
  seq: number
}

/** The roster of a group its creator just registered: epoch 0, the creator alone at leaf 0, seq 0. */
export function newRoster(suite: number, creator: string): Roster {
  if (!isKnownSuite(suite)) throw new InvalidInputError("unknown MLS ciphersuite id")
  if (typeof creator !== "string" || creator.length === 0) {
    throw new InvalidInputError("creator must be a non-empty identity")
  }
  return { suite, epoch: 0, leaves: [creator], proposals: [], seq: 0 }
}

/** True when the identity sits at some leaf of the roster. */
export function rosterHas(roster: Roster, identity: string): boolean {
  return roster.leaves.includes(identity)
}
