/**
 * @mlskit/client: a typed HTTP client of the mlskit reference server, on
 * global fetch and nothing else.
 */

export { fromBase64Url, toBase64Url } from "./base64url.js"
export { ApiError, ConnectionError, type ConnectionFailure } from "./client-errors.js"
export {
  type CallOptions,
  type ExternalJoinOptions,
  type InboxEventsOptions,
  type JoinOptions,
  MlskitClient,
  type MlskitClientOptions,
  type SendOptions,
} from "./mlskit-client.js"
export type {
  AddMembersBy,
  AddMembersResult,
  AppendedEntry,
  ClaimedKeyPackage,
  CommitResult,
  CreatedIdentity,
  ExternalJoinResult,
  GroupDetails,
  GroupLogOptions,
  GroupPage,
  GroupSummary,
  HealthResponse,
  IdentityPage,
  IdentitySummary,
  InboxEntry,
  InboxOptions,
  InboxPage,
  ListGroupsOptions,
  ListIdentitiesOptions,
  LogEntry,
  LogPage,
  Member,
  ProcessedMessage,
  RotatedToken,
  Sender,
  SentMessage,
  ServerEvent,
  UploadedKeyPackages,
  WaitingWelcome,
} from "./wire-types.js"
