/**
 * The shapes the server returns, with byte fields already decoded to
 * `Uint8Array`. They are derived from openapi-types.ts, which is generated
 * from the server's OpenAPI document, so they cannot drift from the server.
 */
import type { operations } from "./openapi-types.js"

/** The JSON body of `operation`'s `status` answer, as the OpenAPI document declares it. */
type Json<
  Op extends keyof operations,
  Status extends keyof operations[Op]["responses"],
> = operations[Op]["responses"][Status] extends { content: { "application/json": infer Body } }
  ? Body
  : never

/** `T` with the base64url fields `K` decoded to bytes. */
type Decoded<T, K extends keyof T> = { [P in keyof T]: P extends K ? Uint8Array : T[P] }

/** An identity just created, with its bearer token (shown once). */
export type CreatedIdentity = Json<"postIdentities", 201>

/** One page of identities; `nextCursor` is present when more follow. */
export type IdentityPage = Json<"getIdentities", 200>

/** An identity as listed by `GET /v1/identities` (never its token or the token's hash). */
export type IdentitySummary = IdentityPage["identities"][number]

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
export type RotatedToken = Json<"postIdentitiesByIdToken", 200>

/** A group with its members. */
export type GroupDetails = Json<"getGroupsByGroupId", 200>

/** A group member: its leaf index and the identity of its basic credential. */
export type Member = GroupDetails["members"][number]

/** One of the caller's groups ("removed" once a processed commit removed the caller). */
export type GroupSummary = Json<"getGroups", 200>["groups"][number]

/** What `POST /v1/groups/{groupId}/process` answers: one object, `kind` saying which fields are set. */
type WireProcessed = Json<"postGroupsByGroupIdProcess", 200>

/** Who sent a processed message. */
export type Sender = NonNullable<WireProcessed["sender"]>

/** What processing a message produced. */
export type ProcessedMessage =
  | {
      kind: "application"
      epoch: WireProcessed["epoch"]
      plaintext: Uint8Array
      /** The plaintext as text, present when it is valid UTF-8. */
      text?: string
      authenticatedData: Uint8Array
      sender: Sender
      /** The sender's ratchet generation in `epoch`. */
      generation: NonNullable<WireProcessed["generation"]>
    }
  | {
      kind: "proposal"
      epoch: WireProcessed["epoch"]
      proposalType: NonNullable<WireProcessed["proposalType"]>
      sender?: Sender
    }
  | {
      kind: "commit"
      epoch: WireProcessed["epoch"]
      sender?: Sender
      membersAdded: NonNullable<WireProcessed["membersAdded"]>
      membersRemoved: NonNullable<WireProcessed["membersRemoved"]>
    }
  | { kind: "removed"; epoch: WireProcessed["epoch"]; sender?: Sender }

type KeysOfUnion<T> = T extends unknown ? keyof T : never
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
/** Compile-time proof that the variants use exactly the document's fields and kinds. */
const processedMatchesDocument: [
  SameKeys<KeysOfUnion<ProcessedMessage>, keyof WireProcessed>,
  SameKeys<ProcessedMessage["kind"], WireProcessed["kind"]>,
] = [true, true]
void processedMatchesDocument

/** The commit for the group and the Welcome for the new members. */
export type AddMembersResult = Decoded<
  Json<"postGroupsByGroupIdMembers", 200>,
  "commit" | "welcome"
>

/** The group joined by external commit, its epoch and the commit for its members. */
export type ExternalJoinResult = Decoded<Json<"postGroupsJoinExternal", 201>, "commit">

/** What a commit made on the caller's behalf returns; `epoch` and `seq` come with delivery on. */
export type CommitResult = Decoded<Json<"postGroupsByGroupIdUpdate", 200>, "commit">

/** An application message just sent; `epoch` and `seq` come with delivery on. */
export type SentMessage = Decoded<Json<"postGroupsByGroupIdMessages", 200>, "message">

/** How `addMembers` names the newcomers: key packages, or (delivery on) identity names. */
export type AddMembersBy = {
  /** KeyPackage MLSMessages of the newcomers. */
  keyPackages?: Uint8Array[]
  /** Delivery on: identity names; the server claims one published key package of each. */
  identities?: string[]
}

/** A key package claimed from the directory: whose, and the KeyPackage MLSMessage. */
export type ClaimedKeyPackage = Decoded<
  Json<"postKeyPackagesClaim", 200>["keyPackages"][number],
  "keyPackage"
>

type WireInboxPage = Json<"getInbox", 200>

/**
 * One entry of the caller's inbox: a decrypted application message
 * (`type` "message", with `plaintext` bytes and `text` when they are UTF-8)
 * or a group event ("joined", "membersAdded", "membersRemoved", "removed",
 * "epoch", "welcome"). `cursor` grows per identity: resume after it.
 */
export type InboxEntry = Decoded<
  WireInboxPage["entries"][number],
  "plaintext" | "authenticatedData" | "welcome"
>

/** A page of the inbox; pass `next` as `after` to read on. */
export interface InboxPage {
  entries: InboxEntry[]
  next: WireInboxPage["next"]
}

/** Which inbox entries `inbox` reads. */
export interface InboxOptions {
  /** Entries after this cursor (default 0: from the start). */
  after?: number
  /** Entries per page, 1 to 1000 (the server's default is 100). */
  limit?: number
  /** Seconds, 0 to 60, to wait for a first entry when none is there yet (long poll). */
  wait?: number
}

type WireLogPage = Json<"getGroupsByGroupIdLog", 200>

/** One entry of a group's log: the MLSMessage as the members' clients receive it. */
export type LogEntry = Decoded<WireLogPage["entries"][number], "message">

/** A page of a group's log; pass `next` as `after` to read on. */
export interface LogPage {
  entries: LogEntry[]
  next: WireLogPage["next"]
}

/** Which log entries `groupLog` reads. */
export interface GroupLogOptions {
  /** Entries after this seq (default 0). */
  after?: number
  /** Entries per page, 1 to 1000 (the server's default is 100). */
  limit?: number
  /** Seconds (0 to 60) the server waits for a first entry when there is none yet. */
  wait?: number
}

/** How many key packages `uploadKeyPackages` published. */
export type UploadedKeyPackages = Json<"postKeyPackages", 201>

/** Where `appendToGroupLog` put the message: its seq, epoch and kind. */
export type AppendedEntry = Json<"postGroupsByGroupIdLog", 201>

type WireWelcomes = Json<"getWelcomes", 200>

/** A Welcome waiting for the caller: join from it in your MLS client, then acknowledge it. */
export type WaitingWelcome = Decoded<WireWelcomes["welcomes"][number], "welcome">

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
  body: Json<"getHealthLive", 200>
}
