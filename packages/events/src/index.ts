export type { OverflowPolicy } from "./bounded-queue.js"
export { DEFAULT_BUFFER_SIZE } from "./bounded-queue.js"
export type {
  BroadcasterOptions,
  BroadcasterStats,
  BufferOptions,
  IterateOptions,
} from "./broadcaster.js"
export { createBroadcaster, EventBroadcaster } from "./broadcaster.js"
export type { EventsErrorCode } from "./errors.js"
export { EventHandlerError, EventsError, InvalidEventOptionsError } from "./errors.js"
export type {
  AnyEvent,
  EventHandler,
  EventMap,
  EventSelector,
  EventType,
  SelectedEvent,
  Unsubscribe,
} from "./event-map.js"
export type { EventStream } from "./event-stream.js"
export type { MlsEventBroadcaster } from "./mls-broadcaster.js"
export { createMlsEventBroadcaster } from "./mls-broadcaster.js"
export type {
  CommitReceivedEvent,
  EntryAppliedEvent,
  EpochAdvancedEvent,
  GroupCreatedEvent,
  GroupJoinedEvent,
  GroupLeftEvent,
  IdentityCreatedEvent,
  IdentityDeletedEvent,
  KeyPackagesGeneratedEvent,
  KeyUpdatedEvent,
  LogAppendedEvent,
  MemberAddedEvent,
  MemberRemovedEvent,
  MessageReceivedEvent,
  MessageRejectedEvent,
  MessageSentEvent,
  MlsEvent,
  MlsEventBase,
  MlsEventMap,
  MlsEventType,
  MlsGroupEventBase,
  ProposalReceivedEvent,
  RemovedFromGroupEvent,
} from "./mls-events.js"
export { isMlsEventType, MLS_EVENT_TYPES, mlsEvent } from "./mls-events.js"
