export {
  type AtRestCipher,
  type BlobHeader,
  BlobKind,
  createAtRestCipher,
  generateStateKey,
  parseStateKey,
  readBlobHeader,
} from "./at-rest.js"
export { fromBase64Url, toBase64Url, toHex } from "./bytes.js"
export {
  assertCiphersuiteAvailable,
  CIPHERSUITE_DEPENDENCIES,
  type CiphersuiteName,
  DEFAULT_CIPHERSUITE,
  isCiphersuiteName,
  type ModuleImporter,
  SUPPORTED_CIPHERSUITES,
} from "./ciphersuites.js"
export { type ExternalPskResolver, MlsClient, type MlsClientOptions } from "./client.js"
export {
  type CommitWireFormat,
  DEFAULT_MLS_CONFIG,
  loadMlsConfig,
  type MlsConfig,
  mlsConfigFromTable,
  resolveMlsConfig,
} from "./config.js"
export * from "./errors.js"
export {
  HOSTED_METADATA_KEY,
  isHosted,
  RESERVED_IDENTITY_METADATA_KEYS,
} from "./external-identity.js"
export {
  type CheckedKeyPackage,
  checkExternalKeyPackage,
  type ExternalKeyPackageRules,
} from "./external-key-package.js"
export {
  isOperationName,
  OPERATION_NAMES,
  type OperationAttributes,
  type OperationHooks,
  type OperationName,
  type OperationScope,
  type OperationStep,
} from "./hooks.js"
export { KeyedQueue } from "./keyed-queue.js"
export {
  identityIdOf,
  type LocalGroupId,
  localGroupId,
  parseLocalGroupId,
} from "./local-group-id.js"
export { InMemoryStore } from "./memory-store.js"
export { builtinCryptoProvider, type CryptoProvider, TS_MLS_VERSION } from "./mls-adapter.js"
export {
  exportSnapshot,
  importSnapshot,
  inspectSnapshot,
  type SnapshotSummary,
} from "./snapshot.js"
export { checkStateKey, type StateKeyCheck } from "./state-key-check.js"
export {
  type GroupRecord,
  type GroupUpdate,
  type IdentityRecord,
  type KeyPackageRecord,
  type MlsStore,
  storedMetadata,
} from "./store.js"
export type {
  AddMembersResult,
  ApplyOptions,
  CommitIntent,
  CommitOptions,
  CreateGroupOptions,
  ExternalJoinResult,
  GroupDetails,
  GroupMember,
  GroupSummary,
  IdentityInfo,
  KeyPackageInfo,
  MessageSender,
  PendingCommitInfo,
  ProcessResult,
} from "./types.js"
