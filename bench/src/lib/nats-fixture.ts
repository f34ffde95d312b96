/**
 * Hosted delivery on NATS JetStream under benchmark: services started as an
 * operator starts them (`loadServiceConfig` from environment variables, then
 * `startMlsService`), with `[delivery] driver = "nats"` on a throwaway stream
 * of the local nats-server (deleted afterwards) or `driver = "store"`, pino at
 * info to a null stream, metrics on their own registry, no tracer provider.
 * The NATS benchmarks need nats-server with JetStream (and PostgreSQL for the
 * latency one): without them they report a skip reason, unless
 * MLSKIT_REQUIRE_SERVICES=1 makes them fail instead.
 */
import { randomBytes } from "node:crypto"
import { Writable } from "node:stream"
import type { MlsStore } from "@mlskit/core"
import { createLogger, loadServiceConfig, type MlsService, startMlsService } from "@mlskit/service"
import { jetstreamManager } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import pg from "pg"
import { Registry } from "prom-client"
import type { BenchOutput } from "./result.js"

/** URL of the nats-server: MLSKIT_NATS_URL, NATS_URL, or the local server. */
export function natsUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.MLSKIT_NATS_URL ?? env.NATS_URL ?? "nats://127.0.0.1:4222"
}

/** Why the NATS server cannot be used, or undefined when it answers with JetStream. */
export async function natsUnreachable(url: string): Promise<string | undefined> {
  try {
    const nc = await connect({ servers: url, timeout: 3000, reconnect: false })
    try {
      await jetstreamManager(nc)
      return undefined
    } finally {
      await nc.close()
    }
  } catch (error) {
    return `NATS JetStream at ${url} is unreachable (${describe(error)})`
  }
}

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresUnreachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query("SELECT 1")
    return undefined
  } catch (error) {
    return `PostgreSQL at ${url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")} is unreachable (${describe(error)})`
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * The reason to skip when a service is missing, or undefined to run. With
 * MLSKIT_REQUIRE_SERVICES=1 a missing service is an error instead.
 */
export function skipReason(
  reasons: (string | undefined)[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const missing = reasons.filter((r): r is string => r !== undefined)
  if (missing.length === 0) return undefined
  const reason = missing.join("; ")
  if (env.MLSKIT_REQUIRE_SERVICES === "1") throw new Error(`${reason} (MLSKIT_REQUIRE_SERVICES=1)`)
  return reason
}

/** A stream name no other run uses. */
export function randomStreamName(): string {
  return `MLSKIT_BENCH_${randomBytes(6).toString("hex")}`
}

/** Delete a stream this run created (nothing if it is already gone). */
export async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url })
  try {
    const jsm = await jetstreamManager(nc)
    await jsm.streams.delete(stream).catch(() => undefined)
  } finally {
    await nc.close()
  }
}

/** How to start one service: its `MLSKIT_*` variables, and a store of the caller's when given. */
export interface ConfiguredServiceOptions {
  env: Record<string, string>
  store?: MlsStore
}

/** A service started from configuration, with its own metrics registry. */
export interface ConfiguredService {
  service: MlsService
  registry: Registry
  close(): Promise<void>
}

/**
 * Start an MlsService from `MLSKIT_*` variables (no config file), with
 * shutdown snapshots off, pino at info to a null stream and its own registry.
 */
export async function startConfiguredService(
  options: ConfiguredServiceOptions,
): Promise<ConfiguredService> {
  const config = loadServiceConfig({
    document: {},
    env: { MLSKIT_SHUTDOWN_SNAPSHOT: "off", MLSKIT_LOGGING_LEVEL: "info", ...options.env },
  })
  const registry = new Registry()
  const service = await startMlsService(config, {
    logger: createLogger({ level: "info", destination: nullStream() }),
    registry,
    processMetrics: false,
    ...(options.store ? { store: options.store } : {}),
  })
  await service.recovered()
  return {
    service,
    registry,
    async close() {
      await service.delivery?.idle()
      await service.shutdown.shutdown()
    },
  }
}

/** `[delivery]` variables for the NATS driver on `stream` (its own subject prefix, so runs never clash). */
export function natsDeliveryEnv(url: string, stream: string): Record<string, string> {
  return {
    MLSKIT_DELIVERY_DRIVER: "nats",
    MLSKIT_DELIVERY_NATS_URL: url,
    MLSKIT_DELIVERY_NATS_STREAM: stream,
    MLSKIT_DELIVERY_NATS_SUBJECT_PREFIX: `mlskit-bench.${stream.toLowerCase()}`,
  }
}

/** Wait until `done()` holds, polling; throws after `timeoutMs`. */
export async function waitUntil(
  what: string,
  done: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** What a NATS benchmark reports when its services are unreachable. */
export function skippedOutput(name: string, reason: string): BenchOutput {
  return {
    tables: [
      {
        title: `${name} skipped: ${reason}`,
        columns: ["skipped"],
        rows: [[reason]],
      },
    ],
    rows: [{ skipped: reason }],
    goals: [],
    notes: [
      `Skipped: ${reason}. Set MLSKIT_REQUIRE_SERVICES=1 to make a missing service an error.`,
    ],
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

function nullStream(): Writable {
  return new Writable({ write: (_chunk, _enc, done) => done() })
}
