/**
 * Builds a running MlsService from configuration: resolves the state key,
 * opens the store, checks that the key opens the stored data (refusing to
 * start with a ConfigError when it does not), creates the logger, metrics
 * registry and shutdown coordinator, and checks the store.
 */
import { join } from "node:path"
import {
  ConfigError,
  checkStateKey,
  MlskitError,
  type MlsStore,
  parseStateKey,
  type StateKeyCheck,
  type StateUnreadableError,
} from "@mlskit/core"
import { ShutdownCoordinator } from "@mlskit/shutdown"
import type { TracerProvider } from "@opentelemetry/api"
import { collectDefaultMetrics, Registry } from "prom-client"
import { cryptoProviderFor } from "./crypto-provider.js"
import { deliveryBackendFor } from "./delivery-backend.js"
import { createLogger, type Logger } from "./logger.js"
import { MlsService, type MlsServiceOptions } from "./mls-service.js"
import { openNatsBackend } from "./nats-backend.js"
import { openStore } from "./open-store.js"
import { readOrCreateSecret } from "./secret-file.js"
import { checkReservedGenerations, type ServiceConfig } from "./service-config.js"
import { snapshotDirFor } from "./snapshot-policy.js"
import { checkWritableDirs, type WritableDir } from "./writable-paths.js"

/** Overrides for parts `startMlsService` would otherwise build from config. */
export interface StartOptions {
  store?: MlsStore
  logger?: Logger
  registry?: Registry
  tracerProvider?: TracerProvider
  shutdown?: ShutdownCoordinator
  /** Collect prom-client's default process metrics on the registry (default true). */
  processMetrics?: boolean
}

/** The state key from `storage.state_key`, or the key file (created with mode 0600 on first start). */
export function resolveStateKey(storage: ServiceConfig["storage"], log?: Logger): Uint8Array {
  if (storage.stateKey) return parseStateKey(storage.stateKey)
  const file = storage.stateKeyFile || join(storage.dataDir, "state-key")
  const { value, created } = readOrCreateSecret(file, 32, "storage.state_key_file")
  if (created)
    log?.warn(
      { file },
      "generated a new state key; back it up: without it the stored groups are unreadable",
    )
  return parseStateKey(value)
}

/**
 * Check that `stateKey` opens the data in `store` (see core's `checkStateKey`).
 * A key other than the one the data was written with is a ConfigError naming
 * where the key came from (`storage.state_key` or `storage.state_key_file`),
 * never the key or its id.
 */
export async function verifyStateKey(
  store: MlsStore,
  stateKey: Uint8Array,
  storage: ServiceConfig["storage"],
): Promise<StateKeyCheck> {
  try {
    return await checkStateKey(store, stateKey)
  } catch (error) {
    if (!isAnotherKey(error)) throw error
    const advice =
      "does not open the data already in the store, which was written with another state key; " +
      "start with the key the data was written with (a new key needs a new, empty store)"
    if (storage.stateKey) {
      throw new ConfigError(
        "storage.state_key",
        `the configured key (MLSKIT_STORAGE_STATE_KEY) ${advice}`,
        { cause: error },
      )
    }
    const file = storage.stateKeyFile || join(storage.dataDir, "state-key")
    throw new ConfigError("storage.state_key_file", `the key in ${file} ${advice}`, {
      cause: error,
    })
  }
}

function isAnotherKey(error: unknown): boolean {
  return (
    MlskitError.isInstance(error) &&
    error.code === "STATE_UNREADABLE" &&
    (error as StateUnreadableError).fault === "another_key"
  )
}

/**
 * The directories this start will write to: the SQLite data directory (when
 * it opens the store itself) and the shutdown snapshot's directory. Key
 * files generated on first start are checked where they are written.
 */
function dirsToWrite(
  config: ServiceConfig,
  snapshotDir: string,
  opensStore: boolean,
): WritableDir[] {
  const dirs: WritableDir[] = []
  if (opensStore && config.storage.driver === "sqlite") {
    dirs.push({
      key: "storage.data_dir",
      dir: config.storage.dataDir,
      purpose: "the SQLite database",
    })
  }
  if (snapshotDir) {
    dirs.push({
      key: "shutdown.snapshot_dir",
      dir: snapshotDir,
      purpose: 'the shutdown snapshot (turn it off with shutdown.snapshot = "off")',
    })
  }
  return dirs
}

/** Start an MlsService from a validated configuration. */
export async function startMlsService(
  config: ServiceConfig,
  options: StartOptions = {},
): Promise<MlsService> {
  checkReservedGenerations(config.storage)
  const cryptoProvider = await cryptoProviderFor(config.mls.cryptoProvider)
  const snapshotDir = snapshotDirFor(config)
  checkWritableDirs(dirsToWrite(config, snapshotDir, options.store === undefined))
  const logger = options.logger ?? createLogger({ level: config.logging.level })
  const stateKey = resolveStateKey(config.storage, logger)
  const registry = options.registry ?? new Registry()
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry })
  const store = options.store ?? (await openStore(config.storage))
  let stateKeyCheck: StateKeyCheck
  try {
    stateKeyCheck = await verifyStateKey(store, stateKey, config.storage)
  } catch (error) {
    if (!options.store) await store.close()
    throw error
  }
  const shutdown =
    options.shutdown ??
    new ShutdownCoordinator({
      timeoutMs: config.shutdown.timeoutMs,
      readinessDelayMs: config.shutdown.drainDelayMs,
    })
  let delivery: MlsServiceOptions["delivery"]
  try {
    delivery = await deliveryOptions(config, store)
  } catch (error) {
    if (!options.store) await store.close()
    throw error
  }
  const service = new MlsService({
    store,
    ...(delivery ? { delivery } : {}),
    stateKey,
    logger,
    registry,
    shutdown,
    ...(options.tracerProvider ? { tracerProvider: options.tracerProvider } : {}),
    ...(snapshotDir ? { snapshotDir, snapshotKeep: config.shutdown.snapshotKeep } : {}),
    client: {
      config: {
        ciphersuite: config.mls.ciphersuite,
        commitWireFormat: config.mls.commitWireFormat,
        ratchetTreeExtension: config.mls.ratchetTreeExtension,
        retainEpochs: config.mls.retainEpochs,
        maxForwardRatchetSteps: config.mls.maxForwardRatchetSteps,
      },
      cryptoProvider,
      cacheSize: config.storage.cacheSize,
      reservedGenerations: config.storage.reservedGenerations,
      maxMessageBytes: config.mls.maxMessageBytes,
    },
  })
  await service.init()
  logger.info(
    {
      driver: config.storage.driver,
      delivery: config.delivery.driver,
      ciphersuite: config.mls.ciphersuite,
      cryptoProvider: config.mls.cryptoProvider,
      groups: await service.countActiveGroups(),
      stateKeyCheck,
    },
    "mls service started",
  )
  return service
}

/**
 * Hosted delivery's options from `[delivery]`: the store's own log
 * ("store") or a JetStream stream ("nats"); undefined for "none".
 */
async function deliveryOptions(
  config: ServiceConfig,
  store: MlsStore,
): Promise<MlsServiceOptions["delivery"]> {
  const d = config.delivery
  if (d.driver === "none") return undefined
  const retention = {
    ...(d.logMaxEntries ? { maxEntries: d.logMaxEntries } : {}),
    ...(d.logMaxAgeMs ? { maxAgeMs: d.logMaxAgeMs } : {}),
  }
  return {
    backend:
      d.driver === "nats"
        ? await openNatsBackend(d, store, retention)
        : deliveryBackendFor(store, { retention, maxMessageBytes: config.mls.maxMessageBytes }),
    autoJoin: d.autoJoin,
    maxCommitAttempts: d.maxCommitAttempts,
    keyPackageTarget: d.keyPackageTarget,
    lastResortKeyPackage: d.keyPackageLastResort,
    futureEpochRetries: d.futureEpochRetries,
    inboxRetention: {
      ...(d.inboxMaxEntries ? { maxEntries: d.inboxMaxEntries } : {}),
      ...(d.inboxMaxAgeMs ? { maxAgeMs: d.inboxMaxAgeMs } : {}),
    },
  }
}
