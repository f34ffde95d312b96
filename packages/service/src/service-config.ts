/**
 * The service's configuration: the seed's `[mls]` table plus `[server]`,
 * `[metrics]`, `[storage]`, `[shutdown]`, `[logging]` and `[auth]`, loaded
 * from TOML and overridable key by key by environment variables named
 * `MLSKIT_<TABLE>_<KEY>` (for example `MLSKIT_SERVER_PORT=8081`). Validated
 * at start; every error names the key.
 */
import { readFileSync } from "node:fs"
import { ConfigError, type MlsConfig, mlsConfigFromTable } from "@mlskit/core"
import { parse as parseToml } from "smol-toml"

/** Which ts-mls crypto provider to use. */
export type CryptoProviderName = "node" | "default" | "noble"

/** Where group state lives. */
export type StorageDriver = "sqlite" | "postgres" | "memory"

/** pino levels. */
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent"

/** The whole validated service configuration. */
export interface ServiceConfig {
  mls: MlsConfig & { cryptoProvider: CryptoProviderName }
  server: { host: string; port: number; bodyLimitBytes: number; requestTimeoutMs: number }
  metrics: { enabled: boolean; host: string; port: number; path: string }
  storage: {
    driver: StorageDriver
    dataDir: string
    postgresUrl: string
    postgresSchema: string
    /** 32-byte key (hex or base64); when empty, `stateKeyFile` is read (and created on first start). */
    stateKey: string
    stateKeyFile: string
    cacheSize: number
    /** Sending generations one durable write reserves (core's `reservedGenerations`); 1 writes every message. */
    reservedGenerations: number
    /**
     * The operator guarantees that this is the only instance writing the
     * store's groups; required for `reservedGenerations` > 1 on PostgreSQL.
     */
    singleWriter: boolean
  }
  shutdown: {
    timeoutMs: number
    drainDelayMs: number
    snapshotDir: string
    /** Whether shutdown writes a snapshot: "auto" (SQLite yes, PostgreSQL no), "on" or "off"; see snapshot-policy.ts. */
    snapshot: "auto" | "on" | "off"
    /** Snapshot files kept in the snapshot directory; older ones are deleted after each write. */
    snapshotKeep: number
  }
  logging: { level: LogLevel }
  /** Hosted delivery (the Delivery Service for members whose keys the server holds). */
  delivery: {
    /** "store": group logs, inboxes and the key-package directory in the configured store; "none": callers deliver by hand. */
    driver: "store" | "none"
    /** Hosted newcomers join from their Welcome by themselves. */
    autoJoin: boolean
    /** Attempts of one commit intent that keeps losing the epoch fence before a 409. */
    maxCommitAttempts: number
    /** Unclaimed key packages each hosted identity keeps published (plus a last-resort one). */
    keyPackageTarget: number
    /** Catch-ups an entry from an epoch not reached yet may wait before it is skipped. */
    futureEpochRetries: number
    /** Group log retention per group: newest entries kept (0: all). */
    logMaxEntries: number
    /** Group log retention: entries older than this are trimmed (0: never). */
    logMaxAgeMs: number
    /** Inbox retention per identity: newest entries kept (0: all). */
    inboxMaxEntries: number
    /** Inbox retention: entries older than this are trimmed (0: never). */
    inboxMaxAgeMs: number
  }
  auth: {
    adminToken: string
    adminTokenFile: string
    /** How often identity token hashes are reloaded from the store: the bound on revocation. */
    tokenRefreshIntervalMs: number
  }
}

type FieldType =
  | { kind: "string"; allowEmpty?: boolean }
  | { kind: "int"; min: number; max: number }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }

type Schema = Record<string, Record<string, { key: string; type: FieldType; default: unknown }>>

const str = (allowEmpty = false): FieldType => ({ kind: "string", allowEmpty })
const int = (min: number, max: number): FieldType => ({ kind: "int", min, max })
const bool: FieldType = { kind: "bool" }
const oneOf = (...values: string[]): FieldType => ({ kind: "enum", values })

/** Every table and key except `[mls]`'s core keys, with TOML names, types and defaults. */
const SCHEMA: Schema = {
  server: {
    host: { key: "host", type: str(), default: "127.0.0.1" },
    port: { key: "port", type: int(0, 65535), default: 8080 },
    body_limit_bytes: {
      key: "bodyLimitBytes",
      type: int(1024, 64 * 1024 * 1024),
      default: 1024 * 1024,
    },
    request_timeout_ms: { key: "requestTimeoutMs", type: int(100, 600_000), default: 30_000 },
  },
  metrics: {
    enabled: { key: "enabled", type: bool, default: true },
    host: { key: "host", type: str(), default: "127.0.0.1" },
    port: { key: "port", type: int(0, 65535), default: 9090 },
    path: { key: "path", type: str(), default: "/metrics" },
  },
  storage: {
    driver: { key: "driver", type: oneOf("sqlite", "postgres", "memory"), default: "sqlite" },
    data_dir: { key: "dataDir", type: str(), default: "./data" },
    postgres_url: { key: "postgresUrl", type: str(true), default: "" },
    postgres_schema: { key: "postgresSchema", type: str(), default: "mlskit" },
    state_key: { key: "stateKey", type: str(true), default: "" },
    state_key_file: { key: "stateKeyFile", type: str(true), default: "" },
    cache_size: { key: "cacheSize", type: int(0, 10_000_000), default: 10_000 },
    reserved_generations: { key: "reservedGenerations", type: int(1, 500_000), default: 1 },
    single_writer: { key: "singleWriter", type: bool, default: false },
  },
  shutdown: {
    timeout_ms: { key: "timeoutMs", type: int(100, 3_600_000), default: 30_000 },
    drain_delay_ms: { key: "drainDelayMs", type: int(0, 600_000), default: 0 },
    snapshot_dir: { key: "snapshotDir", type: str(true), default: "" },
    snapshot: { key: "snapshot", type: oneOf("auto", "on", "off"), default: "auto" },
    snapshot_keep: { key: "snapshotKeep", type: int(1, 10_000), default: 5 },
  },
  logging: {
    level: {
      key: "level",
      type: oneOf("fatal", "error", "warn", "info", "debug", "trace", "silent"),
      default: "info",
    },
  },
  delivery: {
    driver: { key: "driver", type: oneOf("store", "none"), default: "store" },
    auto_join: { key: "autoJoin", type: bool, default: true },
    max_commit_attempts: { key: "maxCommitAttempts", type: int(1, 100), default: 5 },
    key_package_target: { key: "keyPackageTarget", type: int(1, 1000), default: 5 },
    future_epoch_retries: { key: "futureEpochRetries", type: int(1, 1000), default: 3 },
    log_max_entries: { key: "logMaxEntries", type: int(0, 1_000_000_000), default: 0 },
    log_max_age_ms: { key: "logMaxAgeMs", type: int(0, 10 * 365 * 86_400_000), default: 0 },
    inbox_max_entries: { key: "inboxMaxEntries", type: int(0, 1_000_000_000), default: 0 },
    inbox_max_age_ms: { key: "inboxMaxAgeMs", type: int(0, 10 * 365 * 86_400_000), default: 0 },
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

const MLS_EXTRA = {
  crypto_provider: {
    key: "cryptoProvider",
    type: oneOf("node", "default", "noble"),
    default: "node",
  },
} as const

const MLS_CORE_KEYS = [
  "ciphersuite",
  "protocol_version",
  "commit_wire_format",
  "ratchet_tree_extension",
  "retain_epochs",
  "max_forward_ratchet_steps",
]

/** Every config key as `table.key`, for documentation and for tests of deployment files. */
export const SERVICE_CONFIG_KEYS: readonly string[] = [
  ...MLS_CORE_KEYS.map((k) => `mls.${k}`),
  "mls.crypto_provider",
  ...Object.entries(SCHEMA).flatMap(([table, fields]) =>
    Object.keys(fields).map((k) => `${table}.${k}`),
  ),
]

/** The environment variable that overrides `table.key`. */
export function envVarFor(path: string): string {
  return `MLSKIT_${path.replace(".", "_").toUpperCase()}`
}

/** Options of `loadServiceConfig`. */
export interface LoadConfigOptions {
  /** TOML text; takes precedence over `file`. */
  toml?: string
  /** Path of a TOML file. */
  file?: string
  /** Environment to read overrides from (default `process.env`). */
  env?: Record<string, string | undefined>
}

/** Load, override from the environment, and validate the service configuration. */
export function loadServiceConfig(options: LoadConfigOptions = {}): ServiceConfig {
  const doc = parseDocument(options)
  const env = options.env ?? process.env
  for (const table of Object.keys(doc)) {
    if (table !== "mls" && !Object.hasOwn(SCHEMA, table))
      throw new ConfigError(table, "unknown table")
  }
  const mlsTable = tableOf(doc, "mls")
  const core: Record<string, unknown> = {}
  const extra: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(mlsTable)) {
    if (Object.hasOwn(MLS_EXTRA, k)) extra[k] = v
    else core[k] = v
  }
  for (const k of MLS_CORE_KEYS) {
    const value = env[envVarFor(`mls.${k}`)]
    if (value !== undefined)
      core[k] =
        k === "ratchet_tree_extension" ? parseBoolEnv(value, `mls.${k}`) : coerceCoreEnv(k, value)
  }
  const mls = {
    ...mlsConfigFromTable(core),
    ...(readTable("mls", { ...extra }, MLS_EXTRA, env) as { cryptoProvider: CryptoProviderName }),
  }
  const out: Record<string, unknown> = { mls }
  for (const [table, fields] of Object.entries(SCHEMA))
    out[table] = readTable(table, tableOf(doc, table), fields, env)
  const config = out as unknown as ServiceConfig
  if (config.storage.driver === "postgres" && !config.storage.postgresUrl) {
    throw new ConfigError("storage.postgres_url", 'is required when storage.driver is "postgres"')
  }
  const maxReserved = Math.max(1, Math.floor(config.mls.maxForwardRatchetSteps / 2))
  if (config.storage.reservedGenerations > maxReserved) {
    throw new ConfigError(
      "storage.reserved_generations",
      `must be at most ${maxReserved} (half of mls.max_forward_ratchet_steps)`,
    )
  }
  checkReservedGenerations(config.storage)
  return config
}

/**
 * Reserved generations live in one instance's memory: a second instance
 * writing the same groups on the shared store (a commit that removes a
 * member, say) is not seen by the first, which keeps sending from its
 * reservation in the old epoch, readable by the removed member. So more than
 * one reserved generation on PostgreSQL needs a declared single writer.
 * ConfigError otherwise; `loadServiceConfig` and `startMlsService` call it.
 */
export function checkReservedGenerations(storage: ServiceConfig["storage"]): void {
  if (storage.driver !== "postgres" || storage.reservedGenerations === 1 || storage.singleWriter)
    return
  throw new ConfigError(
    "storage.reserved_generations",
    `must be 1 when storage.driver is "postgres" (several instances may write the same groups), ` +
      "unless storage.single_writer = true declares this instance the only writer",
  )
}

function parseDocument(options: LoadConfigOptions): Record<string, unknown> {
  let text = options.toml
  if (text === undefined && options.file) {
    try {
      text = readFileSync(options.file, "utf8")
    } catch (cause) {
      throw new ConfigError("config_file", `cannot read ${options.file}`, { cause })
    }
  }
  if (text === undefined) return {}
  try {
    return parseToml(text) as Record<string, unknown>
  } catch (cause) {
    throw new ConfigError("toml", `invalid TOML: ${(cause as Error).message.split("\n")[0]}`, {
      cause,
    })
  }
}

function tableOf(doc: Record<string, unknown>, table: string): Record<string, unknown> {
  const value = doc[table]
  if (value === undefined) return {}
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError(table, "must be a table")
  return value as Record<string, unknown>
}

function readTable(
  table: string,
  values: Record<string, unknown>,
  fields: Record<string, { key: string; type: FieldType; default: unknown }>,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  for (const k of Object.keys(values)) {
    if (!Object.hasOwn(fields, k)) throw new ConfigError(`${table}.${k}`, "unknown key")
  }
  const out: Record<string, unknown> = {}
  for (const [k, field] of Object.entries(fields)) {
    const path = `${table}.${k}`
    const fromEnv = env[envVarFor(path)]
    const raw = fromEnv !== undefined ? fromEnvString(fromEnv, field.type, path) : values[k]
    out[field.key] = raw === undefined ? field.default : validate(raw, field.type, path)
  }
  return out
}

function fromEnvString(value: string, type: FieldType, path: string): unknown {
  if (type.kind === "int") {
    if (!/^-?\d+$/.test(value.trim()))
      throw new ConfigError(path, `must be an integer (from ${envVarFor(path)})`)
    return Number(value)
  }
  if (type.kind === "bool") return parseBoolEnv(value, path)
  return value
}

function parseBoolEnv(value: string, path: string): boolean {
  const v = value.trim().toLowerCase()
  if (["1", "true", "yes", "on"].includes(v)) return true
  if (["0", "false", "no", "off"].includes(v)) return false
  throw new ConfigError(path, `must be true or false (from ${envVarFor(path)})`)
}

function coerceCoreEnv(key: string, value: string): unknown {
  return key === "retain_epochs" || key === "max_forward_ratchet_steps" ? Number(value) : value
}

function validate(value: unknown, type: FieldType, path: string): unknown {
  switch (type.kind) {
    case "string":
      if (typeof value !== "string") throw new ConfigError(path, "must be a string")
      if (!type.allowEmpty && value.length === 0) throw new ConfigError(path, "must not be empty")
      return value
    case "int": {
      const n = typeof value === "bigint" ? Number(value) : value
      if (typeof n !== "number" || !Number.isInteger(n) || n < type.min || n > type.max) {
        throw new ConfigError(path, `must be an integer from ${type.min} to ${type.max}`)
      }
      return n
    }
    case "bool":
      if (typeof value !== "boolean") throw new ConfigError(path, "must be a boolean")
      return value
    case "enum":
      if (typeof value !== "string" || !type.values.includes(value)) {
        throw new ConfigError(path, `must be one of ${type.values.map((v) => `"${v}"`).join(", ")}`)
      }
      return value
  }
}
