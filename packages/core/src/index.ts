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
