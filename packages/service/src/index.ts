export {
  envVarFor,
  loadServiceConfig,
  SERVICE_CONFIG_KEYS,
  type CryptoProviderName,
  type LoadConfigOptions,
  type LogLevel,
  type ServiceConfig,
  type StorageDriver,
} from "./service-config.js"
export { MlsService, type MlsServiceOptions } from "./mls-service.js"
export { resolveStateKey, startMlsService, type StartOptions } from "./start-service.js"
export { openStore, SQLITE_FILE } from "./open-store.js"
export { cryptoProviderFor } from "./crypto-provider.js"
export { createLogger, REDACTED_PATHS, type Logger } from "./logger.js"
export {
  createRetryStrategy,
  isTransient,
  withRetries,
  type RetryStrategy,
  type RetryStrategyOptions,
} from "./resilience.js"
export { readOrCreateSecret } from "./secret-file.js"
