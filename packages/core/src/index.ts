export * from "./errors.js"
export type { GroupRecord, GroupUpdate, IdentityRecord, KeyPackageRecord, MlsStore } from "./store.js"
export { InMemoryStore } from "./memory-store.js"
export type {
  OperationAttributes,
  OperationHooks,
  OperationName,
  OperationScope,
  OperationStep,
} from "./hooks.js"
export { MlsClient, type MlsClientOptions, type ExternalPskResolver } from "./client.js"
export type {
  AddMembersResult,
  CreateGroupOptions,
  GroupDetails,
  GroupMember,
  GroupSummary,
  IdentityInfo,
  KeyPackageInfo,
  MessageSender,
  ProcessResult,
} from "./types.js"
export { localGroupId, parseLocalGroupId, type LocalGroupId } from "./local-group-id.js"
export {
  DEFAULT_MLS_CONFIG,
  loadMlsConfig,
  mlsConfigFromTable,
  resolveMlsConfig,
  type CommitWireFormat,
  type MlsConfig,
} from "./config.js"
export {
  assertCiphersuiteAvailable,
  CIPHERSUITE_DEPENDENCIES,
  DEFAULT_CIPHERSUITE,
  isCiphersuiteName,
  SUPPORTED_CIPHERSUITES,
  type CiphersuiteName,
  type ModuleImporter,
} from "./ciphersuites.js"
export {
  BlobKind,
  createAtRestCipher,
  generateStateKey,
  parseStateKey,
  readBlobHeader,
  type AtRestCipher,
  type BlobHeader,
} from "./at-rest.js"
export { builtinCryptoProvider, TS_MLS_VERSION, type CryptoProvider } from "./mls-adapter.js"
export { fromBase64Url, toBase64Url, toHex } from "./bytes.js"
export { KeyedQueue } from "./keyed-queue.js"
export { exportSnapshot, importSnapshot, inspectSnapshot, type SnapshotSummary } from "./snapshot.js"
