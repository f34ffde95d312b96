import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { ApiError, ConnectionError, MlskitClient } from "@mlskit/client"
import { afterAll, describe, expect, it } from "vitest"
import { createGroupWith, createUsers, fromUtf8, removeDir, tempDir, type User } from "./helpers.js"
import { type ServerProcess, startServerProcess } from "./server-process.js"

const GROUPS = 5
const MEMBERS = 4
/** SIGTERM goes out when this many messages have been acknowledged. */
const SIGTERM_AFTER = 100

/** One of the 20 concurrent clients: member `m` sending into group `g` in a loop. */
interface LoadClient {
  g: number
  m: number
  groupId: string
  sender: User
  receiver: User
  versionBefore: number
  acknowledged: { plaintext: string; message: Uint8Array }[]
  /** How the loop ended: "503", "connection refused", "connection reset", or "unexpected: ...". */
  ending?: string
}

const withUrl = (user: User, url: string) => new MlskitClient({ baseUrl: url, token: user.token })

describe("SIGTERM under load (a child-process server on SQLite)", () => {
  const dir = tempDir()
  const configFile = join(dir, "mlskit.toml")
  writeFileSync(
    configFile,
    `[server]
port = 0
[metrics]
port = 0
[delivery]
driver = "none"
[storage]
driver = "sqlite"
data_dir = ${JSON.stringify(dir)}
[shutdown]
timeout_ms = 20000
[logging]
level = "warn"
`,
  )
  const processes: ServerProcess[] = []
  afterAll(() => {
    for (const p of processes) p.child.kill("SIGKILL")
    removeDir(dir)
  })

  it("acknowledges only persisted messages, refuses the rest, exits 0, and carries on after a restart", async () => {
    const first = await startServerProcess(configFile)
    processes.push(first)
    expect(first.output()).toContain(
      `admin token in ${join(dir, "admin-token")} (generated now, mode 0600)`,
    )
    const adminToken = readFileSync(join(dir, "admin-token"), "utf8").trim()
    const admin = new MlskitClient({ baseUrl: first.url, token: adminToken })
    const users = Object.values(await createUsers(admin, "m0", "m1", "m2", "m3"))
    const clients: LoadClient[] = []
    for (let g = 0; g < GROUPS; g++) {
      const [owner, ...others] = users as [User, ...User[]]
      const groupId = await createGroupWith(owner, others, `load-${g}`)
      for (let m = 0; m < MEMBERS; m++) {
        const sender = users[m] as User
        const versionBefore = (await sender.client.getGroup(groupId)).version
        clients.push({
          g,
          m,
          groupId,
          sender,
          receiver: users[(m + 1) % MEMBERS] as User,
          versionBefore,
          acknowledged: [],
        })
      }
    }

    let acknowledged = 0
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; ; i++) {
          const plaintext = `group ${c.g} member ${c.m} message ${i}`
          try {
            const message = await c.sender.client.sendMessage(c.groupId, plaintext)
            c.acknowledged.push({ plaintext, message })
            if (++acknowledged === SIGTERM_AFTER) first.child.kill("SIGTERM")
          } catch (error) {
            if (error instanceof ApiError && error.code === "SERVICE_UNAVAILABLE") c.ending = "503"
            else if (error instanceof ConnectionError && error.failure !== "network")
              c.ending = `connection ${error.failure}`
            else c.ending = `unexpected: ${String(error)}`
            return
          }
        }
      }),
    )

    expect(await first.exited).toBe(0)
    expect(acknowledged).toBeGreaterThanOrEqual(SIGTERM_AFTER)
    for (const c of clients)
      expect(["503", "connection refused", "connection reset"]).toContain(c.ending)
    expect(readdirSync(join(dir, "snapshots")).length).toBe(1)
    expect(first.output()).not.toContain(adminToken)

    const second = await startServerProcess(configFile)
    processes.push(second)

    // Every acknowledged message moved the sender's stored state on; an unacknowledged one at most once more.
    for (const c of clients) {
      const group = await withUrl(c.sender, second.url).getGroup(c.groupId)
      expect(group.epoch).toBe(1)
      const persisted = group.version - c.versionBefore
      const unacknowledged = c.ending === "503" ? 0 : 1
      expect(persisted).toBeGreaterThanOrEqual(c.acknowledged.length)
      expect(persisted).toBeLessThanOrEqual(c.acknowledged.length + unacknowledged)
    }

    // The peer decrypts every acknowledged ciphertext.
    for (const c of clients) {
      const receiver = withUrl(c.receiver, second.url)
      for (const { plaintext, message } of c.acknowledged) {
        const result = await receiver.processMessage(c.groupId, message)
        expect(result.kind === "application" && fromUtf8(result.plaintext)).toBe(plaintext)
      }
    }

    // The restarted server carries on with the same groups.
    const [m0, m1] = users as [User, User]
    for (const groupId of new Set(clients.map((c) => c.groupId))) {
      const message = await withUrl(m0, second.url).sendMessage(groupId, "after the restart")
      const result = await withUrl(m1, second.url).processMessage(groupId, message)
      expect(result.kind === "application" && fromUtf8(result.plaintext)).toBe("after the restart")
    }

    second.child.kill("SIGTERM")
    expect(await second.exited).toBe(0)
  })
})
