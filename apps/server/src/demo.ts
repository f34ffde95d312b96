/**
 * `pnpm demo`: starts the server in-process (memory store, temporary data
 * directory, free ports) and walks alice, bob and carol through a group's
 * life over HTTP with @mlskit/client, then shows health, a table of the
 * mls_* metrics that changed (read from the real /metrics endpoint) and a
 * graceful shutdown.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { MlskitClient, type ProcessedMessage } from "@mlskit/client"
import { createLogger, startMlsService } from "@mlskit/service"
import { changedMlsMetrics, metricsTable } from "./demo-metrics.js"
import { loadServerConfig } from "./server-config.js"
import { startServer } from "./start-server.js"

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)
const step = (line: string): void => console.log(`• ${line}`)

function shown(result: ProcessedMessage): string {
  switch (result.kind) {
    case "application":
      return `"${text(result.plaintext)}" from ${result.sender.identity}`
    case "commit":
      return `commit to epoch ${result.epoch}`
    default:
      return `${result.kind} at epoch ${result.epoch}`
  }
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
[logging]
level = "error"
`,
  })
  const logger = createLogger({ level: config.logging.level })
  const service = await startMlsService(config, { logger })
  try {
    const server = await startServer(service, config, { logger })
    console.log(`mlskit server on ${server.url}, metrics on ${server.metricsUrl}`)
    const admin = new MlskitClient({ baseUrl: server.url, token: server.adminToken.token })

    const [a, b, c] = await Promise.all(
      ["alice", "bob", "carol"].map((name) => admin.createIdentity(name)),
    )
    if (!a || !b || !c) throw new Error("identities missing")
    const alice = admin.withToken(a.token)
    const bob = admin.withToken(b.token)
    const carol = admin.withToken(c.token)
    step("created identities alice, bob and carol (admin token)")

    const groupId = await alice.createGroup("demo")
    step(`alice created group ${groupId}`)
    const keyPackages = [
      ...(await bob.generateKeyPackages(b.id)),
      ...(await carol.generateKeyPackages(c.id)),
    ]
    const added = await alice.addMembers(groupId, keyPackages)
    await bob.joinGroup(added.welcome)
    await carol.joinGroup(added.welcome)
    const group = await alice.getGroup(groupId)
    step(
      `alice added bob and carol: epoch ${group.epoch}, members ${group.members.map((m) => `${m.leafIndex}:${m.identity}`).join(", ")}`,
    )

    const everyone = { alice, bob, carol }
    for (const [from, client] of Object.entries(everyone)) {
      const message = await client.sendMessage(groupId, `hello from ${from}`)
      for (const [to, peer] of Object.entries(everyone)) {
        if (to !== from) step(`${to} got ${shown(await peer.processMessage(groupId, message))}`)
      }
    }

    const update = await bob.selfUpdate(groupId)
    step(
      `bob updated his keys; alice: ${shown(await alice.processMessage(groupId, update))}, carol: ${shown(await carol.processMessage(groupId, update))}`,
    )

    const carolLeaf = (await alice.getGroup(groupId)).members.find(
      (m) => m.identity === "carol",
    )?.leafIndex
    if (carolLeaf === undefined) throw new Error("carol is not a member")
    const removal = await alice.removeMembers(groupId, [carolLeaf])
    step(
      `alice removed carol; bob: ${shown(await bob.processMessage(groupId, removal))}, carol: ${shown(await carol.processMessage(groupId, removal))}`,
    )
    const last = await bob.sendMessage(groupId, "just us now")
    step(`alice got ${shown(await alice.processMessage(groupId, last))}`)

    const ready = await alice.ready()
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
