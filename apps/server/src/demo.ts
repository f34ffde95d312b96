/**
 * `pnpm demo`: starts the server in-process (memory store, hosted delivery
 * on, temporary data directory, free ports) and lets alice, bob and carol
 * talk through the Delivery Service over HTTP with @mlskit/client: nobody
 * carries a commit, Welcome or message by hand; each reads its inbox. Then
 * it shows health, a table of the mls_* metrics that changed (read from the
 * real /metrics endpoint, mls_delivery_* included) and a graceful shutdown.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type InboxEntry, MlskitClient } from "@mlskit/client"
import { createLogger, startMlsService } from "@mlskit/service"
import { changedMlsMetrics, metricsTable, seriesValue } from "./demo-metrics.js"
import { memoryStoreWithTurns } from "./demo-store.js"
import { loadServerConfig } from "./server-config.js"
import { startServer } from "./start-server.js"

const step = (line: string): void => console.log(`• ${line}`)

/** A member of the demo: its name, its client, and how far it has read its inbox. */
interface Member {
  name: string
  client: MlskitClient
  cursor: number
}

/**
 * The member's new inbox entries, long-polling (`wait`) until `done` says
 * enough has arrived; fails after 10 s rather than hang.
 */
async function readInbox(
  member: Member,
  done: (entries: InboxEntry[]) => boolean,
): Promise<InboxEntry[]> {
  const entries: InboxEntry[] = []
  const deadline = Date.now() + 10_000
  while (!done(entries)) {
    if (Date.now() > deadline) throw new Error(`${member.name}'s inbox: nothing more arrived`)
    const page = await member.client.inbox({ after: member.cursor, wait: 2 })
    entries.push(...page.entries)
    member.cursor = page.next
  }
  return entries
}

const count = (type: InboxEntry["type"], n: number) => (entries: InboxEntry[]) =>
  entries.filter((e) => e.type === type).length >= n

/** An inbox entry in a few words. */
function shown(entry: InboxEntry): string {
  switch (entry.type) {
    case "message":
      return `"${entry.text}" from ${entry.sender?.identity}`
    case "membersAdded":
    case "membersRemoved":
    case "joined":
      return `${entry.type} ${entry.members?.map((m) => m.identity).join(", ")}`
    case "removed":
      return `removed at epoch ${entry.epoch} by ${entry.sender?.identity}`
    default:
      return `${entry.type} ${entry.epoch} by ${entry.sender?.identity}`
  }
}

/** What each member's inbox showed: `alice: ...; bob: ...`, or one list when all showed the same. */
function inboxes(members: Member[], seen: InboxEntry[][]): string {
  const lists = seen.map((entries) => entries.map(shown).join(", "))
  if (lists.length > 1 && lists.every((l) => l === lists[0])) return `each inbox: ${lists[0]}`
  return lists.map((list, i) => `${members[i]?.name}: ${list}`).join("; ")
}

async function demo(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "mlskit-demo-"))
  const config = loadServerConfig({
    env: {},
    toml: `
[server]
port = 0
[metrics]
port = 0
[storage]
driver = "memory"
data_dir = ${JSON.stringify(dataDir)}
[delivery]
driver = "store"
[logging]
level = "error"
`,
  })
  const logger = createLogger({ level: config.logging.level })
  // The memory store, answering on the next turn of the event loop like a
  // networked store, so that two requests interleave and commits can race.
  const service = await startMlsService(config, { logger, store: memoryStoreWithTurns() })
  try {
    const server = await startServer(service, config, { logger })
    console.log(`mlskit server on ${server.url}, metrics on ${server.metricsUrl}`)
    const admin = new MlskitClient({ baseUrl: server.url, token: server.adminToken.token })
    const redone = async () =>
      seriesValue(
        await (await fetch(server.metricsUrl ?? "")).text(),
        "mls_delivery_commit_redo_total",
      )

    const everyone: Member[] = []
    for (const name of ["alice", "bob", "carol"]) {
      const { token } = await admin.createIdentity(name)
      everyone.push({ name, client: admin.withToken(token), cursor: 0 })
    }
    const [alice, bob, carol] = everyone
    if (!alice || !bob || !carol) throw new Error("identities missing")
    step("created identities alice, bob and carol (admin token)")

    const groupId = await alice.client.createGroup("demo")
    const added = await alice.client.addMembersByName(groupId, ["bob", "carol"])
    step(
      `alice created group ${groupId} and added bob and carol by name (epoch ${added.epoch}, log seq ${added.seq})`,
    )
    const joined = await Promise.all([bob, carol].map((m) => readInbox(m, count("joined", 1))))
    step(`bob and carol joined by themselves: ${inboxes([bob, carol], joined)}`)

    for (const m of everyone) await m.client.send(groupId, `hello from ${m.name}`)
    for (const m of everyone) {
      const messages = (await readInbox(m, count("message", 2))).filter((e) => e.type === "message")
      step(`${m.name}'s inbox: ${messages.map(shown).join(", ")}`)
    }

    const redosBefore = await redone()
    const [a, b] = await Promise.all([alice.client.update(groupId), bob.client.update(groupId)])
    const redos = (await redone()) - redosBefore
    const [later] = (a.epoch ?? 0) > (b.epoch ?? 0) ? ["alice"] : ["bob"]
    step(
      `alice and bob updated at once: alice → epoch ${a.epoch}, bob → epoch ${b.epoch}; ${redos > 0 ? `${later}'s commit lost the race and was redone (${redos} redo)` : "no commit was redone"}`,
    )
    const updates = await Promise.all(everyone.map((m) => readInbox(m, count("epoch", 2))))
    const groups = await Promise.all(everyone.map((m) => m.client.getGroup(groupId)))
    const sameAuthenticator = new Set(groups.map((g) => g.epochAuthenticator)).size === 1
    step(
      `${inboxes(everyone, updates)}; epochs ${groups.map((g) => g.epoch).join(", ")}, epoch authenticators ${sameAuthenticator ? "all three equal" : "DIFFERENT (fork!)"}`,
    )

    const removal = await alice.client.removeMembersByName(groupId, ["carol"])
    const removed = await Promise.all([
      readInbox(alice, count("membersRemoved", 1)),
      readInbox(bob, count("membersRemoved", 1)),
      readInbox(carol, count("removed", 1)),
    ])
    step(`alice removed carol by name (epoch ${removal.epoch}): ${inboxes(everyone, removed)}`)

    await bob.client.send(groupId, "just us now")
    const aliceGot = await readInbox(alice, count("message", 1))
    await service.delivery?.idle()
    const carolGot = (await carol.client.inbox({ after: carol.cursor })).entries
    step(
      `bob sent "just us now": alice got ${aliceGot.map(shown).join("; ")}; carol got ${carolGot.length === 0 ? "nothing" : carolGot.map(shown).join("; ")}`,
    )

    const ready = await alice.client.ready()
    step(
      `readiness ${ready.status}: ${ready.body.components.map((x) => `${x.name} ${x.status} (${x.details})`).join(", ")}`,
    )
    const exposition = await (await fetch(server.metricsUrl ?? "")).text()
    const rows = changedMlsMetrics(exposition)
    step(`mls_* metrics that changed (${rows.length} series; durations in ms):`)
    for (const line of metricsTable(rows)) console.log(line)
  } finally {
    const result = await service.shutdown.shutdown("demo finished")
    const hooks = result.hooks.map((h) => h.name).join(", ")
    step(
      `graceful shutdown ${result.ok ? "done" : "FAILED"} in ${Math.round(result.durationMs)} ms (hooks: ${hooks})`,
    )
    rmSync(dataDir, { recursive: true, force: true })
    process.exitCode = result.exitCode
  }
}

demo().catch((error: unknown) => {
  console.error("demo failed:", error)
  process.exitCode = 1
})
