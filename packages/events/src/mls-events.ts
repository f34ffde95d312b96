/**
 * The MLS events an mlskit service publishes, as plain data. Use these types
 * to consume or produce the event stream without depending on any MLS code.
 * Events carry identifiers, epochs, sizes, leaf indices and counts only:
 * never plaintext, never key material.
 */

/** Fields every MLS event carries. */
export interface MlsEventBase<T extends string> {
  readonly type: T
  /** The id of the local identity that produced or observed the event. */
  readonly identity: string
  /** When it happened, in milliseconds since the Unix epoch (`Date.now()`); `new Date(time).toISOString()` formats it. */
  readonly time: number
}

/** Fields every event about one group carries. */
export interface MlsGroupEventBase<T extends string> extends MlsEventBase<T> {
  readonly groupId: string
  /** The group's epoch after the event took effect (for messages: the epoch they were sent in). */
  readonly epoch: number
}

/** A local identity (credential and signature key) was created. */
export interface IdentityCreatedEvent extends MlsEventBase<"IdentityCreated"> {}

/** A local identity was deleted. */
export interface IdentityDeletedEvent extends MlsEventBase<"IdentityDeleted"> {}

/** Key packages were generated for an identity. */
export interface KeyPackagesGeneratedEvent extends MlsEventBase<"KeyPackagesGenerated"> {
  readonly count: number
  readonly ciphersuite: string
}

/** The local identity created a group (epoch 0, one member). */
export interface GroupCreatedEvent extends MlsGroupEventBase<"GroupCreated"> {
  readonly ciphersuite: string
}

/** The local identity joined a group from a Welcome. */
export interface GroupJoinedEvent extends MlsGroupEventBase<"GroupJoined"> {
  readonly leafIndex: number
  readonly memberCount: number
}

/** One commit (sent or received) added members; one event per commit. */
export interface MemberAddedEvent extends MlsGroupEventBase<"MemberAdded"> {
  readonly leafIndices: readonly number[]
  readonly memberCount: number
}

/** One commit (sent or received) removed members; one event per commit. */
export interface MemberRemovedEvent extends MlsGroupEventBase<"MemberRemoved"> {
  readonly leafIndices: readonly number[]
  readonly memberCount: number
}

/** The local identity encrypted an application message. `bytes` is the ciphertext size. */
export interface MessageSentEvent extends MlsGroupEventBase<"MessageSent"> {
  readonly bytes: number
}

/** An application message was decrypted. `bytes` is the ciphertext size. */
export interface MessageReceivedEvent extends MlsGroupEventBase<"MessageReceived"> {
  readonly bytes: number
  readonly senderLeafIndex: number
}

/** An incoming message was refused; `code` is the error code (for example `INVALID_MESSAGE`). */
export interface MessageRejectedEvent extends MlsGroupEventBase<"MessageRejected"> {
  readonly bytes: number
  readonly code: string
}

/** A proposal was received and stored for the next commit. */
export interface ProposalReceivedEvent extends MlsGroupEventBase<"ProposalReceived"> {
  /** The proposal kind in lower case: `add`, `remove`, `update`, `psk`, `reinit`, ... */
  readonly proposalType: string
  readonly senderLeafIndex: number
}

/** A commit from another member was applied. */
export interface CommitReceivedEvent extends MlsGroupEventBase<"CommitReceived"> {
  readonly senderLeafIndex: number
  readonly proposalCount: number
  readonly bytes: number
}

/** The group moved to a new epoch, by a local commit or a received one. */
export interface EpochAdvancedEvent extends MlsGroupEventBase<"EpochAdvanced"> {
  readonly previousEpoch: number
  readonly memberCount: number
  readonly source: "local" | "remote"
}

/** The local member refreshed its own leaf keys with a commit. */
export interface KeyUpdatedEvent extends MlsGroupEventBase<"KeyUpdated"> {
  readonly leafIndex: number
}

/** A received commit removed the local member; the group is no longer usable. */
export interface RemovedFromGroupEvent extends MlsGroupEventBase<"RemovedFromGroup"> {
  /** Leaf index of the member whose commit removed us, when known. */
  readonly byLeafIndex?: number
}

/** The local member asked to leave the group. */
export interface GroupLeftEvent extends MlsGroupEventBase<"GroupLeft"> {}

/** Delivery: the identity's entry was appended to its group's log (ordered for every member). */
export interface LogAppendedEvent extends MlsGroupEventBase<"LogAppended"> {
  readonly seq: number
  readonly kind: "commit" | "proposal" | "application"
  readonly bytes: number
}

/** Delivery: a group log entry was applied for the identity (in log order, exactly once). */
export interface EntryAppliedEvent extends MlsGroupEventBase<"EntryApplied"> {
  readonly seq: number
  readonly kind: "commit" | "proposal" | "application"
}

/** Every MLS event by its type; the event map of an MLS broadcaster. */
export interface MlsEventMap {
  IdentityCreated: IdentityCreatedEvent
  IdentityDeleted: IdentityDeletedEvent
  KeyPackagesGenerated: KeyPackagesGeneratedEvent
  GroupCreated: GroupCreatedEvent
  GroupJoined: GroupJoinedEvent
  MemberAdded: MemberAddedEvent
  MemberRemoved: MemberRemovedEvent
  MessageSent: MessageSentEvent
  MessageReceived: MessageReceivedEvent
  MessageRejected: MessageRejectedEvent
  ProposalReceived: ProposalReceivedEvent
  CommitReceived: CommitReceivedEvent
  EpochAdvanced: EpochAdvancedEvent
  KeyUpdated: KeyUpdatedEvent
  RemovedFromGroup: RemovedFromGroupEvent
  GroupLeft: GroupLeftEvent
  LogAppended: LogAppendedEvent
  EntryApplied: EntryAppliedEvent
}

/** The name of an MLS event. */
export type MlsEventType = keyof MlsEventMap

/** Any MLS event, discriminated by `type`. */
export type MlsEvent = MlsEventMap[MlsEventType]

const TYPES: { readonly [K in MlsEventType]: true } = {
  IdentityCreated: true,
  IdentityDeleted: true,
  KeyPackagesGenerated: true,
  GroupCreated: true,
  GroupJoined: true,
  MemberAdded: true,
  MemberRemoved: true,
  MessageSent: true,
  MessageReceived: true,
  MessageRejected: true,
  ProposalReceived: true,
  CommitReceived: true,
  EpochAdvanced: true,
  KeyUpdated: true,
  RemovedFromGroup: true,
  GroupLeft: true,
  LogAppended: true,
  EntryApplied: true,
}

/** Every MLS event type name, for validating filters such as `?types=` in a URL. */
export const MLS_EVENT_TYPES: readonly MlsEventType[] = Object.freeze(
  Object.keys(TYPES) as MlsEventType[],
)

/** True if `value` names an MLS event type. */
export function isMlsEventType(value: string): value is MlsEventType {
  return Object.hasOwn(TYPES, value)
}

/** Build an MLS event of `type`, stamping `time` with `Date.now()` unless given. */
export function mlsEvent<K extends MlsEventType>(
  type: K,
  fields: Omit<MlsEventMap[K], "type" | "time">,
  time: number = Date.now(),
): MlsEventMap[K] {
  return { ...fields, type, time } as MlsEventMap[K]
}
