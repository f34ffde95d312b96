/**
 * Test helpers for code that runs against PostgreSQL
 * (`@mlskit/store-postgres/testing`): where the server under test is,
 * whether it answers, throwaway schemas, and stopping and starting the local
 * Debian cluster (pg_ctlcluster) for outage tests. Only the local cluster,
 * controlled by root, can be stopped.
 */
import { execFile } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, readdirSync } from "node:fs"
import { promisify } from "node:util"
import pg from "pg"

/** Connection string of the server under test: MLSKIT_PG_URL, or the local test database. */
export const TEST_PG_URL = process.env.MLSKIT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** Why the server cannot be used, or undefined when it answers. */
export async function postgresUnreachable(url = TEST_PG_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  client.on("error", () => undefined)
  try {
    await client.connect()
    await client.query("SELECT 1")
    return undefined
  } catch (error) {
    return `PostgreSQL at ${redactPassword(url)} is unreachable (${String(error)})`
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** A schema name no other run uses. */
export function randomSchemaName(prefix = "mlskit_test"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`
}

/** A connection string with its password masked, for messages. */
export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")
}

const run = promisify(execFile)
const CONFIG_ROOT = "/etc/postgresql"

/** The cluster's major version directory (the `$(ls /etc/postgresql)` of the ops docs). */
function clusterVersion(): string | undefined {
  if (!existsSync(CONFIG_ROOT)) return undefined
  return readdirSync(CONFIG_ROOT).sort().at(-1)
}

/** Why this process cannot stop and start the server under test, or undefined when it can. */
export function clusterUncontrollable(url = TEST_PG_URL): string | undefined {
  const host = new URL(url).hostname
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    return `the server under test (${host}) is not the local cluster`
  }
  if (clusterVersion() === undefined) return `no cluster configuration under ${CONFIG_ROOT}`
  if (!existsSync("/usr/bin/pg_ctlcluster")) return "pg_ctlcluster is not installed"
  if (process.getuid?.() !== 0) return "stopping the cluster needs root"
  return undefined
}

async function pgCtlCluster(action: "start" | "stop"): Promise<void> {
  const version = clusterVersion()
  if (version === undefined) throw new Error(`no cluster configuration under ${CONFIG_ROOT}`)
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", action])
}

/** True when the server accepts a connection and answers a query. */
export async function acceptsConnections(url = TEST_PG_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  client.on("error", () => undefined)
  try {
    await client.connect()
    await client.query("SELECT 1")
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Stops the cluster (fast mode: open sessions are terminated) and waits for it to be down. */
export async function stopServer(): Promise<void> {
  await pgCtlCluster("stop")
}

/**
 * Starts the cluster unless it already runs, then waits until it accepts
 * connections (at most `timeoutMs`, then throws so the failure is visible).
 */
export async function startServer(timeoutMs = 60_000, url = TEST_PG_URL): Promise<void> {
  if (!(await acceptsConnections(url))) {
    await pgCtlCluster("start").catch(async (error: unknown) => {
      if (!(await acceptsConnections(url))) throw error
    })
  }
  const deadline = Date.now() + timeoutMs
  while (!(await acceptsConnections(url))) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL did not come back within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
