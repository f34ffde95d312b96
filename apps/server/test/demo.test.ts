import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

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

describe("pnpm demo (dist/demo.js)", () => {
  it("walks alice, bob and carol through a group over HTTP, shows health and metrics, and exits 0", async () => {
    const output = await runDemo()
    for (const line of [
      "alice created group",
      "alice added bob and carol: epoch 1, members 0:alice, 1:bob, 2:carol",
      'bob got "hello from alice" from alice',
      'alice got "hello from carol" from carol',
      "bob updated his keys; alice: commit to epoch 2, carol: commit to epoch 2",
      "alice removed carol; bob: commit to epoch 3, carol: removed at epoch 3",
      "readiness 200",
      "mls_* metrics that changed",
      "graceful shutdown done",
    ]) {
      expect(output).toContain(line)
    }
  })

  it("shows the mls_* series that changed as a short table, without zero series or buckets", async () => {
    const output = await runDemo()
    const lines = output.trimEnd().split("\n")
    const table = lines.slice(
      lines.findIndex((l) => l.includes("mls_* metrics that changed")) + 1,
      -1,
    )
    const row = (series: string) => table.find((l) => l.trim().split(/\s+/)[0] === series)
    expect(row("mls_messages_encrypted_total")?.trim().split(/\s+/)[1]).toBe("4")
    expect(row("mls_messages_decrypted_total")?.trim().split(/\s+/)[1]).toBe("7")
    expect(row("mls_members_removed_total")?.trim().split(/\s+/)[1]).toBe("1")
    expect(row('mls_operation_duration_ms{operation="self_update"}')).toMatch(/ 1× \(mean \d/)
    expect(table.filter((l) => /\s0$/.test(l))).toEqual([])
    expect(table.filter((l) => /_bucket|_sum|_count/.test(l))).toEqual([])
    expect(table.length).toBeLessThan(30)
    expect(lines.length).toBeLessThan(50)
  })
})
