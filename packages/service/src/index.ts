export {
  type ConfigDocument,
  type ConfigSource,
  readConfigDocument,
} from "./config-document.js"
export {
  type ConfigField,
  type ConfigFieldType,
  type ConfigTables,
  configKeysOf,
  configTypes,
  envVarFor,
  readConfigTable,
  readConfigTables,
} from "./config-fields.js"
export { cryptoProviderFor } from "./crypto-provider.js"
export {
  type DeliveryBackend,
  type DeliveryCapableStore,
  deliveryBackendFor,
  isDeliveryCapable,
} from "./delivery-backend.js"
export { createDeliveryMetrics, type DeliveryMetrics } from "./delivery-metrics.js"
export { createLogger, type Logger, REDACTED_PATHS } from "./logger.js"
export { type DeliveryOptions, MlsService, type MlsServiceOptions } from "./mls-service.js"
export { openStore, SQLITE_FILE } from "./open-store.js"
export {
  createRetryStrategy,
  isTransient,
  type RetryStrategy,
  type RetryStrategyOptions,
} from "./resilience.js"
export { readOrCreateSecret } from "./secret-file.js"
export {
  type CryptoProviderName,
  checkReservedGenerations,
  DEFAULT_MAX_MESSAGE_BYTES,
  type LoadConfigOptions,
  type LogLevel,
  loadServiceConfig,
  SERVICE_CONFIG_KEYS,
  SERVICE_CONFIG_TABLES,
  type ServiceConfig,
  type StorageDriver,
} from "./service-config.js"
export {
  DEFAULT_SNAPSHOT_KEEP,
  listSnapshotFiles,
  snapshotFileName,
  writeSnapshotFile,
} from "./snapshot-files.js"
export { snapshotDirFor } from "./snapshot-policy.js"
export {
  resolveStateKey,
  type StartOptions,
  startMlsService,
  verifyStateKey,
} from "./start-service.js"
export { withRetries } from "./store-retries.js"
export { checkWritableDir, checkWritableDirs, type WritableDir } from "./writable-paths.js"
