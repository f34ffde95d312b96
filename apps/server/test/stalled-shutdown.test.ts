/**
 * SIGTERM with a client stalled mid-upload (a child-process server on
 * SQLite): the stalled connection is cut off at the HTTP drain deadline and
 * the process exits 0, since all acknowledged work is durable. A hook that
 * does fail is named in the "shutdown done" log line.
 */
import { rmSync, writeFileSync } from "node:fs"
import { connect, type Socket } from "node:net"
import { join } from "node:path"
import { MlskitClient } from "@mlskit/client"
import { afterAll, describe, expect, it } from "vitest"
import { HTTP_DRAIN_MS, HTTP_HOOK_TIMEOUT_MS } from "../src/index.js"
import { createUsers, removeDir, tempDir } from "./helpers.js"
import { adminTokenIn, writeProcessConfig } from "./process-config.js"
import { type ServerProcess, startServerProcess } from "./server-process.js"

/** Send the headers and the first bytes of a 200-byte JSON body, then stall. */
async function stallMidUpload(url: string, token: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve)
    socket.once("error", reject)
  })
  socket.on("error", () => {})
  socket.write(
    "POST /v1/identities HTTP/1.1\r\n" +
      `Host: ${hostname}\r\n` +
      `Authorization: Bearer ${token}\r\n` +
      "Content-Type: application/json\r\n" +
      "Content-Length: 200\r\n\r\n" +
      '{"name":"st',
  )
  return socket
}

/** The JSON log records with message `msg`. */
function logRecords(output: string, msg: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.msg === msg)
}

describe("shutdown with a stalled client (a child-process server)", () => {
  const dirs: string[] = []
  const processes: ServerProcess[] = []
  const newDir = () => {
    const dir = tempDir()
    dirs.push(dir)
    return dir
  }
  afterAll(() => {
    for (const p of processes) p.child.kill("SIGKILL")
    for (const dir of dirs) removeDir(dir)
  })

  it("cuts off a client stalled mid-upload at the drain deadline and exits 0 with acknowledged work durable", async () => {
    const dir = newDir()
    const configFile = writeProcessConfig(dir, '[logging]\nlevel = "info"\n')
    const server = await startServerProcess(configFile)
    processes.push(server)
    const admin = new MlskitClient({ baseUrl: server.url, token: adminTokenIn(dir) })
    const { alice } = await createUsers(admin, "alice")

    const socket = await stallMidUpload(server.url, adminTokenIn(dir))
    let received = ""
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8")
    })
    const socketClosed = new Promise<void>((resolve) => socket.once("close", () => resolve()))
    // Let the server parse the headers: the request is now in flight, its body unfinished.
    await new Promise((resolve) => setTimeout(resolve, 500))

    const started = performance.now()
    server.child.kill("SIGTERM")
    const code = await server.exited
    const elapsed = performance.now() - started
    await socketClosed

    expect(code).toBe(0)
    expect(elapsed).toBeLessThan(HTTP_HOOK_TIMEOUT_MS)
    expect(received).toBe("")
    const [cut] = logRecords(server.output(), "cut off unfinished requests")
    expect(cut).toMatchObject({ requests: 1, afterMs: HTTP_DRAIN_MS })
    const [done] = logRecords(server.output(), "shutdown done")
    expect(done).toMatchObject({ ok: true, exitCode: 0, failedHooks: [], inFlightAbandoned: 0 })

    const again = await startServerProcess(configFile)
    processes.push(again)
    const aliceAgain = new MlskitClient({ baseUrl: again.url, token: alice.token })
    expect(await aliceAgain.listGroups()).toEqual([])
    again.child.kill("SIGTERM")
    expect(await again.exited).toBe(0)
  })

  it("names the hook that failed in the shutdown log and exits 1", async () => {
    const dir = newDir()
    // The snapshot directory passes the start-up check, then is replaced by a
    // regular file: the service's close hook fails for real.
    const snapshotDir = join(dir, "snapshots")
    const configFile = writeProcessConfig(
      dir,
      `[shutdown]\nsnapshot_dir = ${JSON.stringify(snapshotDir)}\n[logging]\nlevel = "warn"\n`,
    )
    const server = await startServerProcess(configFile)
    processes.push(server)
    rmSync(snapshotDir, { recursive: true, force: true })
    writeFileSync(snapshotDir, "")
    server.child.kill("SIGTERM")
    expect(await server.exited).toBe(1)
    const [done] = logRecords(server.output(), "shutdown done")
    expect(done).toMatchObject({ ok: false, exitCode: 1, timedOut: false })
    expect(done?.failedHooks).toEqual([
      {
        name: "mls-service",
        outcome: "failed",
        durationMs: expect.any(Number),
        error: expect.stringContaining(snapshotDir),
      },
    ])
  })
})
