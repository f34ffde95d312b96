/** The shapes the server returns, with byte fields already decoded to `Uint8Array`. */

/** An identity just created, with its bearer token (shown once). */
export interface CreatedIdentity {
  id: string
  name: string
  token: string
}

/** An identity as listed by `GET /v1/identities` (never its token or the token's hash). */
export interface IdentitySummary {
  id: string
  name: string
  ciphersuite: string
  /** ISO 8601 time of creation. */
  createdAt: string
}

/** One page of identities; `nextCursor` is present when more follow. */
export interface IdentityPage {
  identities: IdentitySummary[]
  nextCursor?: string
}

/** Options of `listIdentities`. */
export interface ListIdentitiesOptions {
  /** Identities per page, 1 to 1000 (the server's default is 100). */
  limit?: number
  /** `nextCursor` of the previous page. */
  cursor?: string
}

/** Which page of `listGroupsPage` to fetch. */
export interface ListGroupsOptions {
  /** Groups per page, 1 to 1000 (the server's default is 100). */
  limit?: number
  /** `nextCursor` of the previous page. */
  cursor?: string
}

/** One page of the caller's groups. */
export interface GroupPage {
  groups: GroupSummary[]
  /** Present when more groups follow: pass it as `cursor`. */
  nextCursor?: string
}

/** An identity's new bearer token after a rotation (shown once; the old token no longer works). */
export interface RotatedToken {
  id: string
  token: string
}

/** A group member: its leaf index and the identity of its basic credential. */
export interface Member {
  leafIndex: number
  identity: string
  credentialType: string
}

/** One of the caller's groups. */
export interface GroupSummary {
  /** base64url of the MLS group id; the same for every member. */
  groupId: string
  name: string
  epoch: number
  /** "removed" once a processed commit removed the caller. */
  status: "active" | "removed"
  /** Increases with every stored state change of the caller's copy. */
  version: number
}

/** A group with its members. */
export interface GroupDetails extends GroupSummary {
  ciphersuite: string
  ownLeafIndex: number
  members: Member[]
}

/** Who sent a processed message. */
export interface Sender {
  leafIndex: number
  identity: string
}

/** What processing a message produced. */
export type ProcessedMessage =
  | {
      kind: "application"
      epoch: number
      plaintext: Uint8Array
      /** The plaintext as text, present when it is valid UTF-8. */
      text?: string
      authenticatedData: Uint8Array
      sender: Sender
      /** The sender's ratchet generation in `epoch`. */
      generation: number
    }
  | { kind: "proposal"; epoch: number; proposalType: string; sender?: Sender }
  | {
      kind: "commit"
      epoch: number
      sender?: Sender
      membersAdded: Member[]
      membersRemoved: Member[]
    }
  | { kind: "removed"; epoch: number; sender?: Sender }

/** The commit for the group and the Welcome for the new members. */
export interface AddMembersResult {
  commit: Uint8Array
  welcome: Uint8Array
}

/** One event of the caller's identity from `GET /v1/events`. */
export interface ServerEvent {
  readonly type: string
  readonly identity: string
  readonly time: number
  /** base64url of the MLS group id, for group events. */
  readonly groupId?: string
  readonly epoch?: number
  readonly [field: string]: unknown
}

/** A health probe's answer: 200 or 503, and the report. */
export interface HealthResponse {
  status: number
  body: {
    status: string
    components: { name: string; status: string; details?: string; durationMs: number }[]
    checkedAt: string
  }
}
