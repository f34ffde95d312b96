/**
 * A nats-server with JetStream that a test owns (its own port and store
 * directory), so it can stop and restart it; the machine's shared server
 * keeps running for everyone else.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { createServer } from "node:net"
import { removeDir, tempDir } from "./helpers.js"

/** Where the nats-server binary is (Debian's package), or undefined. */
export const NATS_SERVER_BIN = ["/usr/sbin/nats-server", "/usr/bin/nats-server"].find(existsSync)

/** A nats-server run by the test. */
export interface OwnNatsServer {
  url: string
  /** Stop it (SIGTERM) and wait for the exit. */
  stop(): Promise<void>
  /** Start it again on the same port and store (after stop). */
  start(): Promise<void>
  /** Stop it for good and remove its store. */
  dispose(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      )
    })
  })
}

/** Start a nats-server with JetStream on a free port and a fresh store directory. */
export async function startOwnNatsServer(): Promise<OwnNatsServer> {
  if (!NATS_SERVER_BIN) throw new Error("nats-server is not installed")
  const bin = NATS_SERVER_BIN
  const port = await freePort()
  const dir = tempDir()
  let child: ChildProcess | undefined
  const start = async () => {
    const proc = spawn(bin, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    child = proc
    await new Promise<void>((resolve, reject) => {
      let output = ""
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8")
        if (output.includes("Server is ready")) resolve()
      }
      proc.stdout?.on("data", onData)
      proc.stderr?.on("data", onData)
      proc.on("exit", (code) => reject(new Error(`nats-server exited (${code}):\n${output}`)))
    })
  }
  const stop = async () => {
    const proc = child
    child = undefined
    if (!proc || proc.exitCode !== null) return
    const exited = new Promise((resolve) => proc.on("exit", resolve))
    proc.kill("SIGTERM")
    await exited
  }
  await start()
  return {
    url: `nats://127.0.0.1:${port}`,
    stop,
    start,
    async dispose() {
      await stop()
      removeDir(dir)
    },
  }
}
