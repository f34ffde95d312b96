/**
 * The reference server's configuration: the service's tables (read by
 * `loadServiceConfig`) plus the server's own `[server]`, `[metrics]` and
 * `[auth]`, all from one TOML document and overridable key by key by
 * `MLSKIT_<TABLE>_<KEY>` (for example `MLSKIT_SERVER_PORT=8081`). Unknown
 * tables and keys are refused in every table, naming the key.
 */
import {
  type ConfigSource,
  type ConfigTables,
  configKeysOf,
  configTypes,
  loadServiceConfig,
  readConfigDocument,
  readConfigTables,
  SERVICE_CONFIG_KEYS,
  type ServiceConfig,
} from "@mlskit/service"

/** The server's own tables. */
export interface ServerTables {
  server: {
    host: string
    port: number
    /** Largest request body; by default room for one largest MLS message in base64url (see `bodyLimitFor`). */
    bodyLimitBytes: number
    requestTimeoutMs: number
  }
  metrics: { enabled: boolean; host: string; port: number; path: string }
  auth: {
    adminToken: string
    adminTokenFile: string
    /** How often identity token hashes are reloaded from the store: the bound on revocation. */
    tokenRefreshIntervalMs: number
  }
}

/** Everything the server is started with: the service's configuration and the server's tables. */
export type ServerConfig = ServiceConfig & ServerTables

const { string: str, int, bool } = configTypes

/** The server's tables with TOML names, types and defaults. */
const TABLES: ConfigTables = {
  server: {
    host: { key: "host", type: str(), default: "127.0.0.1" },
    port: { key: "port", type: int(0, 65535), default: 8080 },
    // No default: unset, it follows `mls.max_message_bytes` (see bodyLimitFor).
    body_limit_bytes: {
      key: "bodyLimitBytes",
      type: int(1024, 128 * 1024 * 1024),
      default: undefined,
    },
    request_timeout_ms: { key: "requestTimeoutMs", type: int(100, 600_000), default: 30_000 },
  },
  metrics: {
    enabled: { key: "enabled", type: bool(), default: true },
    host: { key: "host", type: str(), default: "127.0.0.1" },
    port: { key: "port", type: int(0, 65535), default: 9090 },
    path: { key: "path", type: str(), default: "/metrics" },
  },
  auth: {
    admin_token: { key: "adminToken", type: str(true), default: "" },
    admin_token_file: { key: "adminTokenFile", type: str(true), default: "" },
    token_refresh_interval_ms: {
      key: "tokenRefreshIntervalMs",
      type: int(100, 600_000),
      default: 5_000,
    },
  },
}

/** The tables the server reads itself; the service leaves them to it. */
export const SERVER_TABLES: readonly string[] = Object.keys(TABLES)

/** Every key the server is configured by, the service's and its own, as `table.key`. */
export const SERVER_CONFIG_KEYS: readonly string[] = [
  ...SERVICE_CONFIG_KEYS,
  ...configKeysOf(TABLES),
]

/** JSON and the request's other fields around the largest message, in bytes. */
const BODY_HEADROOM_BYTES = 64 * 1024

/**
 * The default body limit: one message of `maxMessageBytes` as base64url (4
 * characters per 3 bytes) plus room for the JSON around it, so the largest
 * message the service accepts also fits in a request.
 */
export function bodyLimitFor(maxMessageBytes: number): number {
  return Math.ceil(maxMessageBytes / 3) * 4 + BODY_HEADROOM_BYTES
}

/** Options of `loadServerConfig`. */
export interface LoadServerConfigOptions extends ConfigSource {
  /** Environment to read overrides from (default `process.env`). */
  env?: Record<string, string | undefined>
}

/** Load, override from the environment, and validate the service's and the server's tables. */
export function loadServerConfig(options: LoadServerConfigOptions = {}): ServerConfig {
  const document = readConfigDocument(options)
  const env = options.env ?? process.env
  const service = loadServiceConfig({ document, env, appTables: SERVER_TABLES })
  const own = readConfigTables(document, TABLES, env)
  const server = own.server as Omit<ServerTables["server"], "bodyLimitBytes"> & {
    bodyLimitBytes: number | undefined
  }
  return {
    ...service,
    server: {
      ...server,
      bodyLimitBytes: server.bodyLimitBytes ?? bodyLimitFor(service.mls.maxMessageBytes),
    },
    metrics: own.metrics as ServerTables["metrics"],
    auth: own.auth as ServerTables["auth"],
  }
}
