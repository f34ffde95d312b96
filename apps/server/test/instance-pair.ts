/**
 * Two server processes (dist/main.js) on one throwaway PostgreSQL schema, as
 * the deploy README runs several instances: shared state key and admin
 * token, each its own data directory.
 */
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { MlskitClient } from "@mlskit/client"
import { removeDir, tempDir } from "./helpers.js"
import { dropSchema, PG_URL, randomSchema } from "./postgres.js"
import { type ServerProcess, startServerProcess } from "./server-process.js"

/** Two running instances on one schema, with admin clients and a way to stop them. */
export interface InstancePair {
  a: ServerProcess
  b: ServerProcess
  adminA: MlskitClient
  adminB: MlskitClient
  /** A client of `server` carrying `token`. */
  on(server: ServerProcess, token: string): MlskitClient
  /** Stop both processes and drop the schema. */
  stop(): Promise<void>
}

/** The config file of one instance on `schema`, with `storage` lines added to `[storage]`. */
export function instanceConfig(dir: string, schema: string, storage = ""): string {
  const file = join(dir, "mlskit.toml")
  writeFileSync(
    file,
    `[server]
port = 0
[metrics]
port = 0
[delivery]
driver = "none"
[storage]
driver = "postgres"
postgres_url = ${JSON.stringify(PG_URL)}
postgres_schema = ${JSON.stringify(schema)}
data_dir = ${JSON.stringify(dir)}
${storage}
[logging]
level = "warn"
`,
  )
  return file
}

/** The environment shared by the instances of one deployment. */
export function deploymentEnv(): Record<string, string> {
  return {
    MLSKIT_STORAGE_STATE_KEY: randomBytes(32).toString("hex"),
    MLSKIT_AUTH_ADMIN_TOKEN: randomBytes(32).toString("base64url"),
  }
}

/** Start A, then B (A creates the schema), on a fresh schema; `extraEnv` goes to both. */
export async function startInstancePair(
  storage = "",
  extraEnv: Record<string, string> = {},
): Promise<InstancePair> {
  const schema = randomSchema()
  const env = { ...deploymentEnv(), ...extraEnv }
  const adminToken = env.MLSKIT_AUTH_ADMIN_TOKEN as string
  const dirs = [tempDir(), tempDir()]
  const processes: ServerProcess[] = []
  const stop = async () => {
    for (const p of processes) {
      p.child.kill("SIGTERM")
      await p.exited
    }
    for (const dir of dirs) removeDir(dir)
    await dropSchema(schema)
  }
  try {
    for (const dir of dirs) {
      processes.push(await startServerProcess(instanceConfig(dir, schema, storage), env))
    }
  } catch (error) {
    await stop()
    throw error
  }
  const [a, b] = processes as [ServerProcess, ServerProcess]
  return {
    a,
    b,
    adminA: new MlskitClient({ baseUrl: a.url, token: adminToken }),
    adminB: new MlskitClient({ baseUrl: b.url, token: adminToken }),
    on: (server, token) => new MlskitClient({ baseUrl: server.url, token }),
    stop,
  }
}

/** The epoch of an MLSMessage carrying a PublicMessage (a commit as the server sends it), read from its framing. */
export function publicMessageEpoch(message: Uint8Array): bigint {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength)
  if (view.getUint16(0) !== 1 || view.getUint16(2) !== 1)
    throw new Error("not an MLS 1.0 PublicMessage")
  // group_id<V>: a variable-length integer length (RFC 9420 §2.1.2), then the bytes.
  const first = view.getUint8(4)
  const prefix = first >> 6
  const lengthBytes = 1 << prefix
  let length = first & 0x3f
  for (let i = 1; i < lengthBytes; i++) length = length * 256 + view.getUint8(4 + i)
  return view.getBigUint64(4 + lengthBytes + length)
}
