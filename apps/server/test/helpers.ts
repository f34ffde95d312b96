/** Test helpers: an in-process server on free ports, identities with clients, metric lookups. */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Writable } from "node:stream"
import { MlskitClient } from "@mlskit/client"
import type { MlsStore } from "@mlskit/core"
import { createLogger, type MlsService, startMlsService } from "@mlskit/service"
import type { ShutdownResult } from "@mlskit/shutdown"
import type { TracerProvider } from "@opentelemetry/api"
import {
  loadServerConfig,
  type RunningServer,
  type ServerConfig,
  startServer,
} from "../src/index.js"

/** A fresh temporary directory, removed by `removeDir`. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), "mlskit-server-test-"))

/** Remove a temporary directory. */
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true })

/** Options of `startTestServer`. */
export interface TestServerOptions {
  /** Config overrides as MLSKIT_<TABLE>_<KEY> variables. */
  env?: Record<string, string>
  store?: MlsStore
  heartbeatMs?: number
  tracerProvider?: TracerProvider
  dataDir?: string
}

/** A running in-process server with its service, an admin client and the captured log lines. */
export interface TestServer {
  service: MlsService
  server: RunningServer
  config: ServerConfig
  admin: MlskitClient
  logs: string[]
  dataDir: string
  /** Shut down gracefully (as on SIGTERM) and remove the data directory. */
  stop(): Promise<ShutdownResult>
}

/** Start a service (memory store unless configured) and the server on free ports. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir()
  const config = loadServerConfig({
    env: {
      MLSKIT_SERVER_PORT: "0",
      MLSKIT_METRICS_PORT: "0",
      MLSKIT_STORAGE_DRIVER: "memory",
      MLSKIT_STORAGE_DATA_DIR: dataDir,
      MLSKIT_LOGGING_LEVEL: "info",
      // Tests of hand delivery; delivery tests turn it on with MLSKIT_DELIVERY_DRIVER.
      MLSKIT_DELIVERY_DRIVER: "none",
      ...options.env,
    },
  })
  const logs: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split("\n").filter(Boolean))
      done()
    },
  })
  const logger = createLogger({ level: config.logging.level, destination })
  const service = await startMlsService(config, {
    logger,
    ...(options.store ? { store: options.store } : {}),
    ...(options.tracerProvider ? { tracerProvider: options.tracerProvider } : {}),
  })
  let server: RunningServer
  try {
    server = await startServer(service, config, {
      logger,
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    })
  } catch (error) {
    await service.shutdown.shutdown("start failed")
    throw error
  }
  const admin = new MlskitClient({ baseUrl: server.url, token: server.adminToken.token })
  return {
    service,
    server,
    config,
    admin,
    logs,
    dataDir,
    async stop() {
      const result = await service.shutdown.shutdown("test finished")
      if (!options.dataDir) removeDir(dataDir)
      return result
    },
  }
}

/** An identity with a client holding its token. */
export interface User {
  id: string
  name: string
  token: string
  client: MlskitClient
}

/** Create identities by name through the admin client. */
export async function createUsers<N extends string>(
  admin: MlskitClient,
  ...names: N[]
): Promise<Record<N, User>> {
  const users = {} as Record<N, User>
  for (const name of names) {
    const { id, token } = await admin.createIdentity(name)
    users[name] = { id, name, token, client: admin.withToken(token) }
  }
  return users
}

/** `owner` creates a group and adds `members`, who join; returns the group id. */
export async function createGroupWith(
  owner: User,
  members: User[],
  name = "team",
): Promise<string> {
  const groupId = await owner.client.createGroup(name)
  if (members.length === 0) return groupId
  const keyPackages = []
  for (const member of members)
    keyPackages.push(...(await member.client.generateKeyPackages(member.id, 1)))
  const { welcome } = await owner.client.addMembers(groupId, keyPackages)
  for (const member of members) await member.client.joinGroup(welcome)
  return groupId
}

/** UTF-8 helpers. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
export const fromUtf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

/** The value of one series line (`name{labels} value`) in a Prometheus exposition; NaN when absent. */
export function metricValue(exposition: string, series: string): number {
  const line = exposition.split("\n").find((l) => l.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : Number.NaN
}

/** The `# TYPE` of a metric family. */
export function metricType(exposition: string, name: string): string | undefined {
  return exposition
    .split("\n")
    .find((l) => l.startsWith(`# TYPE ${name} `))
    ?.split(" ")[3]
}
