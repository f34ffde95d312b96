/**
 * Stopping and starting the local PostgreSQL cluster (Debian pg_ctlcluster),
 * for the outage test. Only usable when the server under test is the local
 * cluster and this process may control it.
 */
import { execFile } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { promisify } from "node:util"
import pg from "pg"
import { PG_URL } from "./postgres.js"

const run = promisify(execFile)
const CONFIG_ROOT = "/etc/postgresql"

/** The cluster's major version directory (the `$(ls /etc/postgresql)` of the ops docs). */
function clusterVersion(): string | undefined {
  if (!existsSync(CONFIG_ROOT)) return undefined
  return readdirSync(CONFIG_ROOT).sort().at(-1)
}

/** Why this process cannot stop and start the server under test, or undefined when it can. */
export function clusterUncontrollable(): string | undefined {
  const host = new URL(PG_URL).hostname
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
export async function acceptsConnections(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 })
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
export async function startServer(timeoutMs = 60_000): Promise<void> {
  if (!(await acceptsConnections())) {
    await pgCtlCluster("start").catch(async (error: unknown) => {
      if (!(await acceptsConnections())) throw error
    })
  }
  const deadline = Date.now() + timeoutMs
  while (!(await acceptsConnections())) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL did not come back within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
