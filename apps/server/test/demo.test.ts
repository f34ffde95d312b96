import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const DEMO_JS = fileURLToPath(new URL("../dist/demo.js", import.meta.url))

describe("pnpm demo (dist/demo.js)", () => {
  it("walks alice, bob and carol through a group over HTTP, shows health and metrics, and exits 0", async () => {
    const child = spawn(process.execPath, [DEMO_JS], { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
    })
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
    })
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve))

    expect({ code, output }).toMatchObject({ code: 0 })
    for (const line of [
      "alice created group",
      "alice added bob and carol: epoch 1, members 0:alice, 1:bob, 2:carol",
      'bob got "hello from alice" from alice',
      'alice got "hello from carol" from carol',
      "bob updated his keys; alice: commit to epoch 2, carol: commit to epoch 2",
      "alice removed carol; bob: commit to epoch 3, carol: removed at epoch 3",
      "readiness 200",
      "mls_messages_encrypted_total 4",
      "graceful shutdown done",
    ]) {
      expect(output).toContain(line)
    }
  })
})
