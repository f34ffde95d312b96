/**
 * A wrong state key is the server's fault, found before serving: a child
 * process started on a SQLite data directory written with another key exits
 * non-zero naming the config key. A stored record that does not open at run
 * time answers 500 with a generic message, is counted, logged with its
 * details, and turns the service unhealthy.
 */
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { ApiError, MlskitClient } from "@mlskit/client"
import { createAtRestCipher, TS_MLS_VERSION } from "@mlskit/core"
import { openStore } from "@mlskit/service"
import { afterAll, describe, expect, it } from "vitest"
import { loadServerConfig } from "../src/index.js"
import { createGroupWith, createUsers, metricValue, removeDir, tempDir } from "./helpers.js"
import { adminTokenIn, writeProcessConfig } from "./process-config.js"
import { MAIN_JS, type ServerProcess, startServerProcess } from "./server-process.js"

/** Run the server until it exits on its own; its exit code and everything it printed. */
function runToExit(
  configFile: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN_JS, "--config", configFile], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8")
  })
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8")
  })
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/** Start, create one identity through the API, and stop: the data directory now holds sealed data. */
async function writeData(configFile: string, dir: string, env: Record<string, string>) {
  const server = await startServerProcess(configFile, env)
  const admin = new MlskitClient({ baseUrl: server.url, token: adminTokenIn(dir) })
  await createUsers(admin, "alice")
  server.child.kill("SIGTERM")
  expect(await server.exited).toBe(0)
}

const keyIdOf = (key: string) => createAtRestCipher(key, TS_MLS_VERSION).keyId

describe("a state key that does not open the stored data", () => {
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

  it("refuses to start, exiting 1 with a message naming storage.state_key and neither key nor key id", async () => {
    const dir = newDir()
    const configFile = writeProcessConfig(dir, '[logging]\nlevel = "warn"\n')
    const keyA = randomBytes(32).toString("hex")
    const keyB = randomBytes(32).toString("hex")
    await writeData(configFile, dir, { MLSKIT_STORAGE_STATE_KEY: keyA })

    const refused = await runToExit(configFile, { MLSKIT_STORAGE_STATE_KEY: keyB })
    expect(refused.code).toBe(1)
    expect(refused.output).toContain("mlskit-server: storage.state_key: the configured key")
    expect(refused.output).toContain("MLSKIT_STORAGE_STATE_KEY")
    expect(refused.output).toContain("written with another state key")
    expect(refused.output).not.toContain("listening on")
    for (const secret of [keyA, keyB, keyIdOf(keyA), keyIdOf(keyB)])
      expect(refused.output).not.toContain(secret)

    const again = await startServerProcess(configFile, { MLSKIT_STORAGE_STATE_KEY: keyA })
    processes.push(again)
    again.child.kill("SIGTERM")
    expect(await again.exited).toBe(0)
  })

  it("refuses a replaced key file, naming storage.state_key_file; an empty store takes any key", async () => {
    const dir = newDir()
    const configFile = writeProcessConfig(dir, '[logging]\nlevel = "warn"\n')
    await writeData(configFile, dir, {})
    writeFileSync(join(dir, "state-key"), `${randomBytes(32).toString("base64url")}\n`)
    const refused = await runToExit(configFile, {})
    expect(refused.code).toBe(1)
    expect(refused.output).toContain(
      `mlskit-server: storage.state_key_file: the key in ${join(dir, "state-key")}`,
    )

    const emptyDir = newDir()
    const fresh = await startServerProcess(writeProcessConfig(emptyDir), {
      MLSKIT_STORAGE_STATE_KEY: randomBytes(32).toString("hex"),
    })
    processes.push(fresh)
    fresh.child.kill("SIGTERM")
    expect(await fresh.exited).toBe(0)
  })
})

describe("a stored group record that does not open at run time", () => {
  const dir = tempDir()
  const processes: ServerProcess[] = []
  afterAll(() => {
    for (const p of processes) p.child.kill("SIGKILL")
    removeDir(dir)
  })

  it("answers 500 with a generic message, counts it, logs it with its details and turns unhealthy", async () => {
    const configFile = writeProcessConfig(dir, '[logging]\nlevel = "info"\n')
    const key = randomBytes(32).toString("hex")
    // No cache: every request reads the group record from the store.
    const env = { MLSKIT_STORAGE_STATE_KEY: key, MLSKIT_STORAGE_CACHE_SIZE: "0" }
    const server = await startServerProcess(configFile, env)
    processes.push(server)
    const admin = new MlskitClient({ baseUrl: server.url, token: adminTokenIn(dir) })
    const { alice, bob } = await createUsers(admin, "alice", "bob")
    const groupId = await createGroupWith(alice, [bob])
    expect((await alice.client.ready()).status).toBe(200)

    // Damage alice's record of the group (one flipped tag byte) under the running server.
    const store = await openStore(loadServerConfig({ file: configFile, env: {} }).storage)
    const aliceRecordId = `${alice.id}.${groupId}`
    const record = await store.getGroup(aliceRecordId)
    if (!record) throw new Error(`no stored record ${aliceRecordId}`)
    const damaged = new Uint8Array(record.state)
    damaged[damaged.length - 1]! ^= 1
    await store.updateGroup(record.id, record.version, { epoch: record.epoch, state: damaged })
    await store.close()

    const answers = [
      await alice.client.getGroup(groupId).catch((e: unknown) => e),
      await alice.client.sendMessage(groupId, "hello").catch((e: unknown) => e),
    ]
    for (const answer of answers) {
      expect(answer).toBeInstanceOf(ApiError)
      expect(answer).toMatchObject({
        status: 500,
        code: "INTERNAL_ERROR",
        message: "internal error",
      })
      expect(JSON.stringify(answer)).not.toContain(keyIdOf(key))
    }
    expect((await bob.client.getGroup(groupId)).epoch).toBe(1)

    const metrics = await (await fetch(server.metricsUrl)).text()
    expect(metricValue(metrics, 'mls_state_unreadable_total{record="group_state"}')).toBe(2)
    const ready = await alice.client.ready()
    expect(ready.status).toBe(503)
    expect(ready.body.status).toBe("unhealthy")
    expect(JSON.stringify(ready.body)).toContain("stored state unreadable")

    server.child.kill("SIGTERM")
    await server.exited
    const unreadable = server
      .output()
      .split("\n")
      .filter((line) => line.includes('"msg":"stored state unreadable"'))
    expect(unreadable).toHaveLength(2)
    expect(unreadable[0]).toContain(`"recordId":"${aliceRecordId}"`)
    expect(unreadable[0]).toContain('"fault":"damaged"')
  })
})
