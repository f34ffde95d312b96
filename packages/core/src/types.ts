/** Public result and option types of core's MlsClient. */
import type { CiphersuiteName } from "./ciphersuites.js"
import type { CommitWireFormat } from "./config.js"
import type { LocalGroupId } from "./local-group-id.js"
import type { GroupMember } from "./mls-adapter.js"

export type { GroupMember }

/** Public facts about a local identity. */
export interface IdentityInfo {
  id: string
  name: string
  ciphersuite: CiphersuiteName
  signaturePublicKey: Uint8Array
  /** Caller metadata (keys core maintains itself are left out). */
  metadata: Record<string, string>
  createdAt: number
  /**
   * True when core keeps the identity's keys and acts for it; false for an
   * identity whose keys live elsewhere (see `createExternalIdentity`): its
   * `signaturePublicKey` is empty and only its published key packages are here.
   */
  hosted: boolean
}

/** A stored key package, public part only. */
export interface KeyPackageInfo {
  /** Hex key package reference. */
  ref: string
  /** MLSMessage bytes. */
  keyPackage: Uint8Array
  lastResort: boolean
  createdAt: number
}

/** Per-group choices at creation time. */
export interface CreateGroupOptions {
  /** MLS group id bytes; 16 random bytes when omitted. */
  mlsGroupId?: Uint8Array
  /** Overrides of the client's commit framing and Welcome tree for this call. */
  commitWireFormat?: CommitWireFormat
  ratchetTreeExtension?: boolean
  /** Non-secret attributes stored with the group. */
  metadata?: Record<string, string>
}

/** A summary of one local group. */
export interface GroupSummary {
  id: LocalGroupId
  identityId: string
  mlsGroupId: Uint8Array
  name: string
  epoch: number
  /** "removed" once a processed commit removed the local member. */
  status: "active" | "removed"
  version: number
  updatedAt: number
  /** The group-log sequence number of the last entry applied (see `markApplied`); undefined when never set. */
  appliedSeq?: number
  /** The epoch of the staged commit waiting for confirmCommit or discardCommit, if any. */
  pendingEpoch?: number
}

/** A group with its current membership (decodes the state). */
export interface GroupDetails extends GroupSummary {
  ciphersuite: CiphersuiteName
  ownLeafIndex: number
  members: GroupMember[]
}

/** Who sent a message. */
export interface MessageSender {
  leafIndex: number
  /** The basic credential's identity as UTF-8. */
  identity: string
}

/** What processing a message produced. */
export type ProcessResult =
  | {
      kind: "application"
      epoch: number
      plaintext: Uint8Array
      authenticatedData: Uint8Array
      sender: MessageSender
      /** The sender's ratchet generation in `epoch` (RFC 9420 section 9.1); gaps mean skipped or lost messages. */
      generation: number
    }
  | { kind: "proposal"; epoch: number; proposalType: string; sender?: MessageSender }
  | {
      kind: "commit"
      /** The new epoch. */
      epoch: number
      sender?: MessageSender
      membersAdded: GroupMember[]
      membersRemoved: GroupMember[]
      /** Set when the commit was this member's own staged commit, now merged. */
      own?: true
    }
  | {
      kind: "removed"
      /** The epoch in which the local member was removed. */
      epoch: number
      sender?: MessageSender
    }

/** The output of joining by external commit. */
export interface ExternalJoinResult {
  /** The local id of the joined group. */
  groupId: string
  /** The epoch the commit starts. */
  epoch: number
  /** The external commit (MLSMessage, PublicMessage) for the members. */
  commit: Uint8Array
}

/** The output of adding members. */
export interface AddMembersResult {
  /** The commit (MLSMessage) for the existing members. */
  commit: Uint8Array
  /** The Welcome (MLSMessage) for the new members. */
  welcome: Uint8Array
  /** The new epoch. */
  epoch: number
  /** Leaf indices assigned to the new members, in input order. */
  addedLeafIndices: number[]
}

/** Options of addMembers, removeMembers and selfUpdate. */
export interface CommitOptions {
  /**
   * Stage the commit instead of merging it (default false): the state stays
   * at the current epoch and the commit waits for `confirmCommit` (it won
   * its epoch) or `discardCommit` (it lost). The pending commit is stored,
   * sealed with the state, before its bytes are returned.
   */
  staged?: boolean
}

/** What a staged commit does, so that a commit that lost its epoch can be redone on the next one. */
export type CommitIntent =
  | {
      kind: "add"
      /** The key packages as given to addMembers. */
      keyPackages: Uint8Array[]
    }
  | { kind: "remove"; leafIndices: number[] }
  | { kind: "update" }

/** A staged commit's public facts (the bytes are what is sent anyway). */
export interface PendingCommitInfo {
  /** The epoch the commit was made in (the group's current epoch); it starts epoch + 1. */
  epoch: number
  /** The commit (MLSMessage). */
  commit: Uint8Array
  /** The Welcome (MLSMessage) for added members, when the commit adds any. */
  welcome?: Uint8Array
  /** base64url SHA-256 of the commit (no padding): its dedupe id in the group log. */
  dedupeId: string
  intent: CommitIntent
}

/** Options of processMessage and confirmCommit. */
export interface ApplyOptions {
  /**
   * The group-log sequence number of the entry being applied: stored as the
   * group's applied cursor in the same write as the new state. An entry at
   * or below the cursor is refused (AlreadyAppliedError) and changes nothing.
   */
  appliedSeq?: number
  /**
   * processMessage only: called with the result after the message was
   * processed and before the new state is written. If it throws, nothing is
   * written and the error is the operation's. A delivery inbox writes here,
   * idempotently, so a crash between the two writes repeats the apply.
   */
  beforePersist?: (result: ProcessResult) => Promise<void>
}
