import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"

const DEMO_JS = fileURLToPath(new URL("../dist/demo.js", import.meta.url))

/** Run the demo to its end; what it printed. Fails unless it exits 0. */
async function runDemo(): Promise<string> {
  const child = spawn(process.execPath, [DEMO_JS], { stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8")
  })
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8")
  })
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
  expect({ code, output }).toMatchObject({ code: 0 })
  return output
}

/** The demo's `• ` line that starts with `prefix`; fails when there is none. */
function line(output: string, prefix: string): string {
  const found = output.split("\n").find((l) => l.startsWith(`• ${prefix}`))
  expect(found, `a line starting with "${prefix}"`).toBeDefined()
  return found?.slice(2) ?? ""
}

describe("pnpm demo (dist/demo.js)", () => {
  let output: string

  beforeAll(async () => {
    output = await runDemo()
  }, 60_000)

  it("adds bob and carol by name, and they join by themselves", () => {
    expect(line(output, "created identities")).toBe(
      "created identities alice, bob and carol (admin token)",
    )
    expect(line(output, "alice created group")).toMatch(
      /^alice created group [A-Za-z0-9_-]{22} and added bob and carol by name \(epoch 1, log seq 1\)$/,
    )
    expect(line(output, "bob and carol joined")).toBe(
      "bob and carol joined by themselves: each inbox: joined alice, bob, carol",
    )
  })

  it("puts each member's message in the two other inboxes, in the order they were sent", () => {
    const names = ["alice", "bob", "carol"]
    for (const name of names) {
      const others = names.filter((n) => n !== name)
      expect(line(output, `${name}'s inbox:`)).toBe(
        `${name}'s inbox: ${others.map((o) => `"hello from ${o}" from ${o}`).join(", ")}`,
      )
    }
  })

  it("races two commits: both succeed, the loser is redone, nobody forks", () => {
    const race = line(output, "alice and bob updated at once")
    const match =
      /^alice and bob updated at once: alice → epoch (\d+), bob → epoch (\d+); (alice|bob)'s commit lost the race and was redone \(1 redo\)$/.exec(
        race,
      )
    expect(match, race).not.toBeNull()
    const epochs = { alice: Number(match?.[1]), bob: Number(match?.[2]) }
    expect([epochs.alice, epochs.bob].sort()).toEqual([2, 3])
    const loser = match?.[3] as "alice" | "bob"
    const winner = loser === "alice" ? "bob" : "alice"
    expect(epochs[loser]).toBe(3)
    expect(line(output, "each inbox: epoch")).toBe(
      `each inbox: epoch 2 by ${winner}, epoch 3 by ${loser}; epochs 3, 3, 3, epoch authenticators all three equal`,
    )
  })

  it("removes carol by name: she is told, and bob's last message reaches alice only", () => {
    expect(line(output, "alice removed carol")).toBe(
      "alice removed carol by name (epoch 4): alice: membersRemoved carol; bob: membersRemoved carol; carol: removed at epoch 4 by alice",
    )
    expect(line(output, "bob sent")).toBe(
      'bob sent "just us now": alice got "just us now" from bob; carol got nothing',
    )
  })

  it("shows readiness, the metrics header and a graceful shutdown", () => {
    expect(line(output, "readiness")).toMatch(/^readiness 200: mls_service healthy/)
    expect(line(output, "mls_* metrics that changed")).toMatch(
      /^mls_\* metrics that changed \(\d+ series; durations in ms\):$/,
    )
    expect(line(output, "graceful shutdown")).toMatch(
      /^graceful shutdown done in \d+ ms \(hooks: http-server, mls-service\)$/,
    )
  })

  it("shows the mls_* series that changed as a short table, delivery included, without zero series or buckets", () => {
    const lines = output.trimEnd().split("\n")
    const table = lines.slice(
      lines.findIndex((l) => l.includes("mls_* metrics that changed")) + 1,
      -1,
    )
    const value = (series: string) =>
      table
        .find((l) => l.trim().split(/\s+/)[0] === series)
        ?.trim()
        .split(/\s+/)[1]
    // Four messages sent; each hello decrypted by two members, "just us now" by alice only.
    expect(value("mls_messages_encrypted_total")).toBe("4")
    expect(value("mls_messages_decrypted_total")).toBe("7")
    expect(value("mls_members_added_total")).toBe("2")
    expect(value("mls_members_removed_total")).toBe("1")
    // The log: add, two updates and the removal; four application messages; one fenced commit, redone.
    expect(value('mls_delivery_log_appends_total{kind="commit"}')).toBe("4")
    expect(value('mls_delivery_log_appends_total{kind="application"}')).toBe("4")
    expect(value("mls_delivery_fence_rejections_total")).toBe("1")
    expect(value("mls_delivery_commit_redo_total")).toBe("1")
    expect(value('mls_delivery_applied_total{kind="application"}')).toBe("7")
    expect(value("mls_delivery_forks_detected_total")).toBeUndefined()
    // Three self-updates made: alice's, bob's lost one and its redo.
    expect(table.find((l) => l.includes('{operation="self_update"}'))).toMatch(/ 3× \(mean \d/)
    expect(table.filter((l) => /\s0$/.test(l))).toEqual([])
    expect(table.filter((l) => /_bucket|_sum|_count/.test(l))).toEqual([])
    expect(table.length).toBeLessThan(35)
    expect(lines.length).toBeLessThan(55)
  })
})
