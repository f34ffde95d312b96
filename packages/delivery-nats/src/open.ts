/**
 * Opening a JetStream group log: connect (or take the caller's
 * connection), check the server (2.9 or later, JetStream enabled, payloads
 * big enough), create the stream or bring its configuration up to date, and
 * hand back the log.
 */
import { ConfigError, MlskitError } from "@mlskit/core"
import {
  checkMaxMessageBytes,
  checkRetention,
  DEFAULT_MAX_MESSAGE_BYTES,
  type RetentionPolicy,
} from "@mlskit/delivery"
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  StorageType,
  type StreamConfig,
} from "@nats-io/jetstream"
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { JetStreamGroupLog } from "./jetstream-group-log.js"
import { LogStream } from "./log-stream.js"
import { checkStreamName, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, LogSubjects } from "./names.js"
import { toStorageError } from "./nats-errors.js"

/** Options of `openJetStreamGroupLog`. */
export interface JetStreamGroupLogOptions {
  /** Server URL(s) to connect to (default nats://127.0.0.1:4222); the log closes this connection. */
  servers?: string | string[]
  /** Your own connection instead; the log neither configures nor closes it. */
  connection?: NatsConnection
  /** The stream's name, one per deployment (default MLSKIT_GROUP_LOG). */
  stream?: string
  /** The first tokens of the log's subjects (default `mlskit.log`); unique per stream on the server. */
  subjectPrefix?: string
  /** JetStream replicas of the stream (default 1; 3 or 5 in a cluster). */
  replicas?: number
  /** Per-group retention (default: keep everything); every instance must use the same. */
  retention?: RetentionPolicy
  /** Refuse longer messages with InvalidInputError (default 1 MiB, less if the server's max_payload is smaller). */
  maxMessageBytes?: number
  /** The clock for entry times and age retention, in ms since the Unix epoch (default Date.now). */
  now?: () => number
  /**
   * Extra headers for each appended entry, read at the append (for
   * example W3C trace context: `traceparent`, `tracestate`), so whoever
   * applies the entry can continue the appender's trace.
   */
  contextHeaders?: () => Record<string, string>
}

/** The oldest nats-server the log runs on (MSG.GET next_by_subj, expected last subject sequence). */
export const MIN_SERVER_VERSION = "2.9.0"
/** Room for an entry's headers within the server's max_payload. */
const HEADER_ROOM = 2048
/** JetStream's error code for "stream name already in use" (another instance created it). */
const STREAM_NAME_IN_USE = 10058

/** Connect, check the server, create or update the stream, and return the log. */
export async function openJetStreamGroupLog(
  options: JetStreamGroupLogOptions = {},
): Promise<JetStreamGroupLog> {
  const stream = checkStreamName(options.stream ?? DEFAULT_STREAM)
  const subjects = new LogSubjects(options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX)
  const replicas = options.replicas ?? 1
  if (!Number.isSafeInteger(replicas) || replicas < 1 || replicas > 5) {
    throw new ConfigError("replicas", "must be an integer from 1 to 5")
  }
  const retention = checkRetention(options.retention)
  if (options.maxMessageBytes !== undefined) checkMaxMessageBytes(options.maxMessageBytes)
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new ConfigError("now", "must be a function returning ms since the Unix epoch")
  }
  const owns = options.connection === undefined
  let nc: NatsConnection
  try {
    nc =
      options.connection ?? (await connect({ servers: options.servers ?? "nats://127.0.0.1:4222" }))
  } catch (error) {
    throw toStorageError(error, "connecting to NATS")
  }
  try {
    checkServerVersion(nc.info?.version)
    const maxPayload = nc.info?.max_payload ?? DEFAULT_MAX_MESSAGE_BYTES
    const maxMessageBytes =
      options.maxMessageBytes ?? Math.min(DEFAULT_MAX_MESSAGE_BYTES, maxPayload - HEADER_ROOM)
    if (maxMessageBytes > maxPayload - HEADER_ROOM) {
      throw new ConfigError(
        "maxMessageBytes",
        `must leave ${HEADER_ROOM} bytes for headers within the server's max_payload (${maxPayload})`,
      )
    }
    const jsm = await jetstreamManager(nc).catch((error: unknown) => {
      throw new ConfigError("servers", "the NATS server does not offer JetStream", { cause: error })
    })
    await ensureStream(jsm, {
      name: stream,
      subjects: subjects.streamSubjects(),
      storage: StorageType.File,
      num_replicas: replicas,
      max_msgs_per_subject: retention.maxEntries ?? -1,
      discard: DiscardPolicy.Old,
    })
    return new JetStreamGroupLog({
      connection: nc,
      stream: new LogStream(stream, jetstream(nc), jsm),
      subjects,
      retention,
      maxMessageBytes,
      now: options.now ?? Date.now,
      ownsConnection: owns,
      ...(options.contextHeaders ? { contextHeaders: options.contextHeaders } : {}),
    })
  } catch (error) {
    if (owns) await nc.close().catch(() => undefined)
    throw MlskitError.isInstance(error) ? error : toStorageError(error, "opening the group log")
  }
}

/** ConfigError unless the server is nats-server 2.9 or later. */
export function checkServerVersion(version: string | undefined): void {
  const [major, minor] = (version ?? "").split(".").map(Number)
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) {
    throw new ConfigError("servers", `cannot tell the NATS server's version (${String(version)})`)
  }
  if (major < 2 || (major === 2 && minor < 9)) {
    throw new ConfigError(
      "servers",
      `nats-server ${version} is too old: the JetStream group log needs ${MIN_SERVER_VERSION} or later`,
    )
  }
}

/** Create the stream, or update an existing one's subjects, replicas and per-subject limit. */
async function ensureStream(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const existing = await jsm.streams.info(config.name).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)
        return undefined
      throw error
    })
    try {
      if (existing === undefined) await jsm.streams.add(config)
      else await jsm.streams.update(config.name, { ...existing.config, ...config })
      return
    } catch (error) {
      // Another instance created it at the same moment: update it instead.
      if (attempt < 2 && error instanceof JetStreamApiError && error.code === STREAM_NAME_IN_USE)
        continue
      throw error
    }
  }
}
