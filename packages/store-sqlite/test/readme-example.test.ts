/** The README example is examples/basic.ts word for word, and it runs. */
import { mkdirSync, readFileSync } from "node:fs"
import { dirname } from "node:path"
import { afterEach, describe, expect, it, vi } from "vitest"
import { freshDatabasePath } from "./temp-dir.js"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")

describe("README example", () => {
  const cwd = process.cwd()
  afterEach(() => {
    process.chdir(cwd)
    vi.restoreAllMocks()
  })

  it("is the code of examples/basic.ts, word for word", () => {
    expect(read("../README.md")).toContain(`\`\`\`ts\n${read("../examples/basic.ts")}\`\`\``)
  })

  it("runs in a fresh directory and finds the group again after reopening the file", async () => {
    const workdir = dirname(freshDatabasePath())
    mkdirSync(workdir, { recursive: true })
    process.chdir(workdir)
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line)
    })
    await import("../examples/basic.js")
    expect(lines).toStrictEqual(["team: epoch 0, version 2"])
    expect(readFileSync("data/mlskit.db").subarray(0, 16).toString()).toBe("SQLite format 3\0")
  })

  it("shows the group log example of examples/group-log.ts, word for word", () => {
    expect(read("../README.md")).toContain(`\`\`\`ts\n${read("../examples/group-log.ts")}\`\`\``)
  })

  it("runs the group log example: a retry appends nothing and the log survives a restart", async () => {
    const workdir = dirname(freshDatabasePath())
    mkdirSync(workdir, { recursive: true })
    process.chdir(workdir)
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line)
    })
    await import("../examples/group-log.js")
    expect(lines).toStrictEqual([
      "retry: seq 1, duplicate true",
      "1: commit for epoch 0",
      "2: application for epoch 1",
    ])
  })
})
