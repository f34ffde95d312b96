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
