/**
 * SIGKILL under a mixed delivery workload (a child-process server on
 * SQLite): alice, bob and carol send, update their keys, and alice adds and
 * removes dave by name, while the server is killed with SIGKILL 20 times at
 * random moments and restarted. After each restart and catch-up: no
 * acknowledged message is missing from or duplicated in any other member's
 * inbox, all members share the epoch authenticator (no fork), and no sender
 * used an (epoch, generation) twice.
 */
import { MlskitClient } from "@mlskit/client"
import { afterAll, describe, expect, it } from "vitest"
import { DeliveryApi, type WireInboxEntry } from "./delivery-api.js"
import { createUsers, removeDir, tempDir } from "./helpers.js"
import { adminTokenIn, writeProcessConfig } from "./process-config.js"
import { type ServerProcess, startServerProcess } from "./server-process.js"

const KILLS = 20
const CORE = ["alice", "bob", "carol"] as const
type Name = (typeof CORE)[number] | "dave"

/** A seeded generator (mulberry32), so a failing run can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe("SIGKILL during hosted delivery (SQLite, child process)", () => {
  const dir = tempDir()
  const configFile = writeProcessConfig(dir, '[logging]\nlevel = "warn"\n')
  // As shipped in mlskit.toml: one durable write covers 16 sends.
  const env = { MLSKIT_DELIVERY_DRIVER: "store", MLSKIT_STORAGE_RESERVED_GENERATIONS: "16" }
  const processes: ServerProcess[] = []
  afterAll(() => {
    for (const p of processes) p.child.kill("SIGKILL")
    removeDir(dir)
  })

  it(`loses nothing, duplicates nothing and never forks across ${KILLS} kills`, async () => {
    const seed = Number(process.env.MLSKIT_CHAOS_SEED ?? Date.now() % 100_000)
    const random = seeded(seed)
    console.log(`delivery SIGKILL run, seed ${seed} (MLSKIT_CHAOS_SEED repeats it)`)
    let server = await startServerProcess(configFile, env)
    processes.push(server)
    const admin = new MlskitClient({ baseUrl: server.url, token: adminTokenIn(dir) })
    const users = await createUsers(admin, "alice", "bob", "carol", "dave")
    const api = (name: Name, url: string) => new DeliveryApi(url, users[name].token)
    const { groupId } = await api("alice", server.url).createGroup("chaos")
    await api("alice", server.url).add(groupId, { identities: ["bob", "carol"] })

    const acknowledged: Record<string, string[]> = { alice: [], bob: [], carol: [] }
    let daveIn = false
    let counter = 0
    const totals = { sends: 0, commits: 0, adds: 0, removes: 0, failures: 0 }

    for (let kill = 1; kill <= KILLS; kill++) {
      const url = server.url
      let stop = false
      const loop = async (name: (typeof CORE)[number]) => {
        const me = api(name, url)
        while (!stop) {
          const roll = random()
          try {
            if (roll < 0.75) {
              const text = `${name}#${++counter}`
              await me.send(groupId, text)
              acknowledged[name]?.push(text)
              totals.sends++
            } else if (roll < 0.9 || name !== "alice") {
              await me.update(groupId)
              totals.commits++
            } else if (!daveIn) {
              await me.add(groupId, { identities: ["dave"] })
              daveIn = true
              totals.adds++
            } else {
              await me.remove(groupId, { identities: ["dave"] })
              daveIn = false
              totals.removes++
            }
          } catch {
            totals.failures++
            if (stop) return
            await new Promise((r) => setTimeout(r, 20))
          }
        }
      }
      const loops = CORE.map((name) => loop(name))
      await new Promise((r) => setTimeout(r, 200 + random() * 800))
      server.child.kill("SIGKILL")
      await server.exited
      stop = true
      await Promise.all(loops)

      server = await startServerProcess(configFile, env)
      processes.push(server)
      const members = await settled(
        CORE.map((name) => api(name, server.url)),
        groupId,
      )
      // No fork: every core member at the same epoch with the same authenticator.
      expect(new Set(members.map((g) => g.epoch)).size, `kill ${kill}`).toBe(1)
      expect(new Set(members.map((g) => g.epochAuthenticator)).size, `kill ${kill}`).toBe(1)
      // Dave's membership follows the log, not what the client last heard.
      const names = members[0]?.members.map((m) => m.identity) ?? []
      daveIn = names.includes("dave")

      for (const name of CORE) {
        const inbox = await api(name, server.url).allInbox()
        const messages = inbox.filter((e) => e.type === "message" && e.groupId === groupId)
        checkExactlyOnce(name, messages, acknowledged, kill)
        checkGenerations(name, messages, kill)
      }
    }
    console.log(
      `delivery SIGKILL: ${KILLS} kills, ${totals.sends} acknowledged sends, ${totals.commits} updates, ${totals.adds} adds, ${totals.removes} removes, ${totals.failures} calls cut by kills; 0 lost, 0 duplicated, 0 forks`,
    )
  }, 600_000)
})

/** Poll until every member has applied the whole log; their group details. */
async function settled(apis: DeliveryApi[], groupId: string) {
  const deadline = Date.now() + 30_000
  for (;;) {
    const groups = await Promise.all(apis.map((a) => a.group(groupId)))
    const first = apis[0]
    if (!first) return groups
    const oldest = Math.min(...groups.map((g) => g.appliedSeq ?? 0))
    const unapplied = (await first.log(groupId, oldest)).entries.length
    if (unapplied === 0 && new Set(groups.map((g) => g.epoch)).size === 1) return groups
    if (Date.now() > deadline) return groups
    await new Promise((r) => setTimeout(r, 100))
  }
}

function checkExactlyOnce(
  name: string,
  messages: WireInboxEntry[],
  acknowledged: Record<string, string[]>,
  kill: number,
): void {
  const texts = messages.map((e) => e.text ?? "")
  expect(new Set(texts).size, `${name} has duplicates after kill ${kill}`).toBe(texts.length)
  const got = new Set(texts)
  for (const [sender, sent] of Object.entries(acknowledged)) {
    if (sender === name) continue
    const missing = sent.filter((t) => !got.has(t))
    expect(missing, `${name} misses ${sender}'s messages after kill ${kill}`).toEqual([])
  }
}

function checkGenerations(name: string, messages: WireInboxEntry[], kill: number): void {
  const keys = messages.map((e) => `${e.sender?.identity}:${e.epoch}:${e.generation}`)
  expect(new Set(keys).size, `${name} saw an (epoch, generation) twice after kill ${kill}`).toBe(
    keys.length,
  )
}
