/**
 * @mlskit/server: the reference HTTP server. `startServer` serves an
 * MlsService over REST, SSE, health probes and Prometheus metrics;
 * `buildServer` gives the Fastify application without listening.
 */

export { type AdminToken, resolveAdminToken } from "./auth/admin-token.js"
export { TOKEN_METADATA_KEY } from "./auth/identity-tokens.js"
export {
  type BuiltServer,
  buildServer,
  DEFAULT_HEARTBEAT_MS,
  type ServerOptions,
} from "./build-server.js"
export { type HttpError, RETRY_AFTER_SECONDS, toHttpError } from "./http-errors.js"
export {
  DOCS_PATH,
  OPENAPI_PATH,
  type OpenApiInfo,
  operationIdOf,
  registerOpenApi,
} from "./openapi.js"
export {
  bodyLimitFor,
  type LoadServerConfigOptions,
  loadServerConfig,
  SERVER_CONFIG_KEYS,
  SERVER_TABLES,
  type ServerConfig,
  type ServerTables,
} from "./server-config.js"
export {
  HTTP_DRAIN_MS,
  HTTP_HOOK_TIMEOUT_MS,
  HTTP_SHUTDOWN_HOOK,
  type RunningServer,
  startServer,
} from "./start-server.js"
export { SERVER_VERSION } from "./version.js"
