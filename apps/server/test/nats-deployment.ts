/**
 * Several server processes (dist/main.js) as one deployment: a shared
 * PostgreSQL schema for state, inboxes and the directory, and the group
 * logs on a NATS JetStream stream of a nats-server the test owns (so it can
 * restart it). Instances can be killed and started again.
 */
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { removeDir, tempDir } from "./helpers.js"
import { deploymentEnv } from "./instance-pair.js"
import { type OwnNatsServer, startOwnNatsServer } from "./own-nats-server.js"
import { dropSchema, PG_URL, randomSchema } from "./postgres.js"
import { type ServerProcess, startServerProcess } from "./server-process.js"

/** A running deployment. */
export interface NatsDeployment {
  instances: (ServerProcess | undefined)[]
  nats: OwnNatsServer
  adminToken: string
  /** The URL of instance `i` (it changes when the instance is started again). */
  url(i: number): string
  /** SIGKILL instance `i` and wait for it to be gone. */
  kill(i: number): Promise<void>
  /** Start instance `i` again (after kill). */
  start(i: number): Promise<void>
  /** The Prometheus text of every running instance. */
  metrics(): Promise<string[]>
  stop(): Promise<void>
}

/**
 * Start `n` instances on a fresh schema and stream, with the appliers' ack
 * wait `ackWaitMs`; `postgresUrl` lets them reach PostgreSQL another way
 * (through a proxy the test can cut).
 */
export async function startNatsDeployment(
  n: number,
  options: { ackWaitMs?: number; postgresUrl?: string } = {},
): Promise<NatsDeployment> {
  const nats = await startOwnNatsServer()
  const schema = randomSchema()
  const stream = `MLSKIT_TEST_${randomBytes(6).toString("hex")}`
  const env = deploymentEnv()
  const dirs = Array.from({ length: n }, () => tempDir())
  const files = dirs.map((dir) => {
    const file = join(dir, "mlskit.toml")
    writeFileSync(
      file,
      `[server]
port = 0
[metrics]
port = 0
[delivery]
driver = "nats"
nats_url = ${JSON.stringify(nats.url)}
nats_stream = ${JSON.stringify(stream)}
apply_ack_wait_ms = ${options.ackWaitMs ?? 2000}
[storage]
driver = "postgres"
postgres_url = ${JSON.stringify(options.postgresUrl ?? PG_URL)}
postgres_schema = ${JSON.stringify(schema)}
data_dir = ${JSON.stringify(dir)}
[shutdown]
timeout_ms = 5000
[logging]
level = "warn"
`,
    )
    return file
  })
  const instances: (ServerProcess | undefined)[] = []
  const deployment: NatsDeployment = {
    instances,
    nats,
    adminToken: env.MLSKIT_AUTH_ADMIN_TOKEN as string,
    url(i) {
      const instance = instances[i]
      if (!instance) throw new Error(`instance ${i} is not running`)
      return instance.url
    },
    async kill(i) {
      const instance = instances[i]
      instances[i] = undefined
      if (!instance) return
      instance.child.kill("SIGKILL")
      await instance.exited
    },
    async start(i) {
      instances[i] = await startServerProcess(files[i] as string, env)
    },
    async metrics() {
      const texts: string[] = []
      for (const instance of instances) {
        if (instance) texts.push(await (await fetch(instance.metricsUrl)).text())
      }
      return texts
    },
    async stop() {
      for (const instance of instances) {
        if (!instance) continue
        instance.child.kill("SIGTERM")
        await instance.exited
      }
      for (const dir of dirs) removeDir(dir)
      await dropSchema(schema)
      await nats.dispose()
    },
  }
  try {
    // One at a time: the first creates the schema and the stream.
    for (let i = 0; i < n; i++) await deployment.start(i)
  } catch (error) {
    await deployment.stop()
    throw error
  }
  return deployment
}
