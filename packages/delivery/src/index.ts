/**
 * @mlskit/delivery: the foundation of the MLS Delivery Service (RFC 9750).
 * The keyless MLSMessage framing reader, the `GroupLog` contract with its
 * epoch fence, dedupe, retention and voiding, an in-memory log, the
 * process-local append notifier, and the `DeliveryStore` contract (inbox,
 * key-package claims, hosted members) with its in-memory driver.
 */
export { AppendNotifier, type AppendNotifierOptions } from "./append-notifier.js"
export { checkDedupeId, defaultDedupeId, MAX_DEDUPE_ID_LENGTH } from "./dedupe-id.js"
export type {
  DeliveryStore,
  HostedMember,
  InboxAppendResult,
  InboxReadOptions,
  InboxRecord,
  InboxRetention,
  NewInboxRecord,
  RosterRecord,
  WelcomeRecord,
} from "./delivery-store.js"
export {
  checkExpectedVersion,
  checkIdentityId,
  checkInboxReadOptions,
  checkInboxRetention,
  checkMaxAgeMs,
  checkMlsGroupId,
  checkNewInboxRecord,
  checkNow,
  checkRosterState,
  checkWelcomeId,
  checkWelcomeListOptions,
  checkWelcomeRecord,
  DEFAULT_INBOX_READ_LIMIT,
  DEFAULT_WELCOME_LIST_LIMIT,
  MAX_IDENTITY_ID_LENGTH,
  MAX_INBOX_READ_LIMIT,
  MAX_INBOX_TYPE_LENGTH,
  MAX_LOCAL_GROUP_ID_LENGTH,
  MAX_ROSTER_STATE_BYTES,
  MAX_WELCOME_BYTES,
  MAX_WELCOME_ID_LENGTH,
  MAX_WELCOME_LIST_LIMIT,
} from "./delivery-store-arguments.js"
export {
  AlreadyAppendedError,
  CommitConflictError,
  CommitRedoExhaustedError,
  FellBehindError,
} from "./errors.js"
export { type FollowedEntry, followEntry } from "./external/follow-entry.js"
export {
  newRoster,
  type Roster,
  type RosterChange,
  type RosterProposal,
  rosterHas,
} from "./external/roster.js"
export { decodeRoster, encodeRoster, ROSTER_FORMAT_VERSION } from "./external/roster-codec.js"
export { UnfollowableCommitError } from "./external/unfollowable-commit-error.js"
export { type VisibleSender, visibleSender } from "./external/visible-sender.js"
export { type WelcomeRecipients, welcomeRecipients } from "./external/welcome-recipients.js"
export {
  type ExternalAppendResult,
  type ExternalCaller,
  ExternalDelivery,
  type ExternalDeliveryObserver,
  type ExternalDeliveryOptions,
  type GroupView,
} from "./external-members/index.js"
export {
  type ContentType,
  DEFAULT_MAX_MESSAGE_BYTES,
  type FramedSender,
  type GroupInfoFraming,
  type MessageFraming,
  type OtherFraming,
  type PrivateMessageFraming,
  type ProtocolMessageFraming,
  type PublicMessageFraming,
  type WireFormat,
} from "./framing.js"
export { groupKey, MAX_GROUP_ID_BYTES } from "./group-key.js"
export {
  type AppendOptions,
  type AppendResult,
  DEFAULT_READ_LIMIT,
  type EntryKind,
  type GroupLog,
  type LogEntry,
  type LogHead,
  MAX_READ_LIMIT,
  type ReadOptions,
  type RetentionPolicy,
  type WaitOptions,
} from "./group-log.js"
export type {
  CommitIntent,
  RemoveTarget,
} from "./hosted/commit-intent.js"
export type { DeliveryObserver } from "./hosted/delivery-observer.js"
export { entryEffects } from "./hosted/entry-effects.js"
export {
  type DeliveredCommit,
  type DeliveredMessage,
  HostedDelivery,
  type HostedDeliveryOptions,
} from "./hosted/hosted-delivery.js"
export { type DeliveredEntry, Inbox, type InboxOptions } from "./hosted/inbox.js"
export {
  INBOX_ENTRY_TYPES,
  type InboxEntry,
  type InboxEntryType,
  type InboxMember,
  type InboxSender,
  type NewInboxEntry,
  openInboxRecord,
  sealInboxEntry,
} from "./hosted/inbox-entry.js"
export {
  checkMaxMessageBytes,
  checkReadOptions,
  checkRetention,
  checkSeq,
  checkWait,
  MAX_WAIT_MS,
} from "./log-arguments.js"
export { InMemoryDeliveryStore } from "./memory-delivery-store.js"
export { InMemoryGroupLog, type InMemoryGroupLogOptions } from "./memory-group-log.js"
export { PolledAppendWaits, type PolledAppendWaitsOptions } from "./polled-append-waits.js"
export { type PreparedAppend, prepareAppend } from "./prepare-append.js"
export { type ReadFramingOptions, readFraming, readProtocolFraming } from "./read-framing.js"
