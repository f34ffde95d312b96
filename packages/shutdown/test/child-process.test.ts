import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { build } from "tsup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let outDir = ""
let moduleUrl = ""

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "mlskit-shutdown-"))
  await build({
    entry: { index: fileURLToPath(new URL("../src/index.ts", import.meta.url)) },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    dts: false,
    // The bundle lives outside the workspace, where @mlskit/errors cannot be resolved.
    noExternal: ["@mlskit/errors"],
    config: false,
    silent: true,
  })
  moduleUrl = pathToFileURL(join(outDir, "index.js")).href
})

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true })
})

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  lines: string[]
}

/** Spawn a fixture and call `onLine` for each stdout line; resolves on exit, or kills it after `limitMs`. */
function run(
  fixture: string,
  onLine: (line: string, child: ChildProcess) => void,
  limitMs: number,
) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url))],
    {
      env: { ...process.env, SHUTDOWN_MODULE: moduleUrl },
      stdio: ["ignore", "pipe", "inherit"],
    },
  )
  const lines: string[] = []
  let pending = ""
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk
    const parts = pending.split("\n")
    pending = parts.pop() ?? ""
    for (const line of parts) {
      lines.push(line)
      onLine(line, child)
    }
  })
  return new Promise<Exit>((resolve) => {
    const guard = setTimeout(() => child.kill("SIGKILL"), limitMs)
    child.on("exit", (code, signal) => {
      clearTimeout(guard)
      resolve({ code, signal, lines })
    })
  })
}

describe("a real Node process using ShutdownCoordinator", () => {
  it("on SIGTERM refuses new work, drains, runs hooks in reverse order and exits 0 within the deadline", async () => {
    const exit = await run(
      "graceful-child.mjs",
      (line, child) => {
        if (line === "ready") child.kill("SIGTERM")
      },
      5_000 + 2_000,
    )
    expect(exit).toEqual({
      code: 0,
      signal: null,
      lines: [
        "ready",
        "phase not-ready",
        "phase stop-accepting",
        "phase draining",
        "refused SERVICE_UNAVAILABLE",
        "work done",
        "phase closing",
        "hook http",
        "hook store",
        "phase done",
      ],
    })
  })

  it("exits at once with 143 on a second SIGTERM while a hook hangs", async () => {
    const exit = await run(
      "stuck-child.mjs",
      (line, child) => {
        if (line === "ready" || line === "hook started") child.kill("SIGTERM")
      },
      10_000,
    )
    expect(exit).toEqual({ code: 143, signal: null, lines: ["ready", "hook started"] })
  })
})
