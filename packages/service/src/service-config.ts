/**
 * The service's configuration: the seed's `[mls]` table (plus
 * `crypto_provider` and `max_message_bytes`), `[storage]`, `[shutdown]` and
 * `[logging]`, loaded from TOML and overridable key by key by environment
 * variables named `MLSKIT_<TABLE>_<KEY>` (for example
 * `MLSKIT_STORAGE_DRIVER=memory`). Validated at start; every error names the
 * key. Other tables belong to the application that embeds the service: it
 * names them in `appTables` (so they are not rejected as unknown) and reads
 * them from the same document itself (see config-fields.ts).
 */
import { ConfigError, type MlsConfig, mlsConfigFromTable } from "@mlskit/core"
import { type ConfigDocument, type ConfigSource, readConfigDocument } from "./config-document.js"
import {
  type ConfigTables,
  configKeysOf,
  configTypes,
  envVarFor,
  parseBoolEnv,
  readConfigTable,
  readConfigTables,
  tableOf,
} from "./config-fields.js"

/** Which ts-mls crypto provider to use. */
export type CryptoProviderName = "node" | "default" | "noble"

/** Where group state lives. */
export type StorageDriver = "sqlite" | "postgres" | "memory"

/** pino levels. */
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent"

/** The largest MLS message (and plaintext) the service accepts by default: 1 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024

/** The whole validated service configuration. */
export interface ServiceConfig {
  mls: MlsConfig & {
    cryptoProvider: CryptoProviderName
    /** Largest MLS message, key package, Welcome, GroupInfo or plaintext, in bytes (core's `maxMessageBytes`). */
    maxMessageBytes: number
  }
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
    /**
     * "store": group logs, inboxes and the key-package directory in the
     * configured store; "nats": the group logs on a NATS JetStream stream
     * (inboxes and directory in the store), shared by several instances;
     * "none": callers deliver by hand.
     */
    driver: "store" | "nats" | "none"
    /** NATS server URL(s), comma-separated (driver "nats"). */
    natsUrl: string
    /** The JetStream stream holding every group's log (driver "nats"). */
    natsStream: string
    /** The first tokens of the stream's subjects; unique per stream on the NATS server (driver "nats"). */
    natsSubjectPrefix: string
    /** Replicas of the stream in a NATS cluster (driver "nats"). */
    natsReplicas: number
    /**
     * How long an instance may take to apply an appended entry for the
     * group's hosted members before another instance takes it over (driver
     * "nats": the applier consumer's ack wait).
     */
    applyAckWaitMs: number
    /** Hosted newcomers join from their Welcome by themselves. */
    autoJoin: boolean
    /** Attempts of one commit intent that keeps losing the epoch fence before a 409. */
    maxCommitAttempts: number
    /** Unclaimed key packages each hosted identity keeps published. */
    keyPackageTarget: number
    /** Each hosted identity also keeps a last-resort key package (reused when the stock runs out). */
    keyPackageLastResort: boolean
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
}

const { string: str, int, bool, oneOf } = configTypes

/** The service's tables except `[mls]`, with TOML names, types and defaults. */
const TABLES: ConfigTables = {
  storage: {
    driver: { key: "driver", type: oneOf("sqlite", "postgres", "memory"), default: "sqlite" },
    data_dir: { key: "dataDir", type: str(), default: "./data" },
    postgres_url: { key: "postgresUrl", type: str(true), default: "" },
    postgres_schema: { key: "postgresSchema", type: str(), default: "mlskit" },
    state_key: { key: "stateKey", type: str(true), default: "" },
    state_key_file: { key: "stateKeyFile", type: str(true), default: "" },
    cache_size: { key: "cacheSize", type: int(0, 10_000_000), default: 10_000 },
    reserved_generations: { key: "reservedGenerations", type: int(1, 500_000), default: 1 },
    single_writer: { key: "singleWriter", type: bool(), default: false },
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
    driver: { key: "driver", type: oneOf("store", "nats", "none"), default: "store" },
    nats_url: { key: "natsUrl", type: str(), default: "nats://127.0.0.1:4222" },
    nats_stream: { key: "natsStream", type: str(), default: "MLSKIT_GROUP_LOG" },
    nats_subject_prefix: { key: "natsSubjectPrefix", type: str(), default: "mlskit.log" },
    nats_replicas: { key: "natsReplicas", type: int(1, 5), default: 1 },
    apply_ack_wait_ms: { key: "applyAckWaitMs", type: int(1000, 600_000), default: 30_000 },
    auto_join: { key: "autoJoin", type: bool(), default: true },
    max_commit_attempts: { key: "maxCommitAttempts", type: int(1, 100), default: 5 },
    key_package_target: { key: "keyPackageTarget", type: int(1, 1000), default: 5 },
    key_package_last_resort: { key: "keyPackageLastResort", type: bool(), default: true },
    future_epoch_retries: { key: "futureEpochRetries", type: int(1, 1000), default: 3 },
    log_max_entries: { key: "logMaxEntries", type: int(0, 1_000_000_000), default: 0 },
    log_max_age_ms: { key: "logMaxAgeMs", type: int(0, 10 * 365 * 86_400_000), default: 0 },
    inbox_max_entries: { key: "inboxMaxEntries", type: int(0, 1_000_000_000), default: 0 },
    inbox_max_age_ms: { key: "inboxMaxAgeMs", type: int(0, 10 * 365 * 86_400_000), default: 0 },
  },
}

/** The service's own `[mls]` keys, next to core's. */
const MLS_EXTRA: ConfigTables[string] = {
  crypto_provider: {
    key: "cryptoProvider",
    type: oneOf("node", "default", "noble"),
    default: "node",
  },
  max_message_bytes: {
    key: "maxMessageBytes",
    type: int(1024, 64 * 1024 * 1024),
    default: DEFAULT_MAX_MESSAGE_BYTES,
  },
}

const MLS_CORE_KEYS = [
  "ciphersuite",
  "protocol_version",
  "commit_wire_format",
  "ratchet_tree_extension",
  "retain_epochs",
  "max_forward_ratchet_steps",
]

/** The tables the service reads; any other table of the document must be an application's. */
export const SERVICE_CONFIG_TABLES: readonly string[] = ["mls", ...Object.keys(TABLES)]

/** Every service config key as `table.key`, for documentation and for tests of deployment files. */
export const SERVICE_CONFIG_KEYS: readonly string[] = [
  ...MLS_CORE_KEYS.map((k) => `mls.${k}`),
  ...Object.keys(MLS_EXTRA).map((k) => `mls.${k}`),
  ...configKeysOf(TABLES),
]

/** Options of `loadServiceConfig`. */
export interface LoadConfigOptions extends ConfigSource {
  /** An already parsed document (`readConfigDocument`); takes precedence over `toml` and `file`. */
  document?: ConfigDocument
  /** Environment to read overrides from (default `process.env`). */
  env?: Record<string, string | undefined>
  /**
   * Tables an application reads from the same document itself (the reference
   * server: `server`, `metrics`, `auth`). The service leaves them alone; any
   * table neither the service's nor listed here is refused as unknown.
   */
  appTables?: readonly string[]
}

/** Load, override from the environment, and validate the service configuration. */
export function loadServiceConfig(options: LoadConfigOptions = {}): ServiceConfig {
  const doc = options.document ?? readConfigDocument(options)
  const env = options.env ?? process.env
  const appTables = options.appTables ?? []
  for (const table of Object.keys(doc)) {
    if (!SERVICE_CONFIG_TABLES.includes(table) && !appTables.includes(table))
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
    ...(readConfigTable("mls", extra, MLS_EXTRA, env) as Pick<
      ServiceConfig["mls"],
      "cryptoProvider" | "maxMessageBytes"
    >),
  }
  const config = { mls, ...readConfigTables(doc, TABLES, env) } as unknown as ServiceConfig
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

function coerceCoreEnv(key: string, value: string): unknown {
  return key === "retain_epochs" || key === "max_forward_ratchet_steps" ? Number(value) : value
}
