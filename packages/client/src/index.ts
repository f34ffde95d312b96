/**
 * @mlskit/client: a typed HTTP client of the mlskit reference server, on
 * global fetch and nothing else.
 */

export { fromBase64Url, toBase64Url } from "./base64url.js"
export { ApiError, ConnectionError, type ConnectionFailure } from "./client-errors.js"
export {
  type CallOptions,
  type ExternalJoinOptions,
  type JoinOptions,
  MlskitClient,
  type MlskitClientOptions,
  type SendOptions,
} from "./mlskit-client.js"
export type {
  AddMembersResult,
  CreatedIdentity,
  ExternalJoinResult,
  GroupDetails,
  GroupPage,
  GroupSummary,
  HealthResponse,
  IdentityPage,
  IdentitySummary,
  ListGroupsOptions,
  ListIdentitiesOptions,
  Member,
  ProcessedMessage,
  RotatedToken,
  Sender,
  ServerEvent,
} from "./wire-types.js"
