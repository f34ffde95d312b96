import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it, vi } from "vitest"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")

describe("README example", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("is the code of examples/basic.ts, word for word", () => {
    const readme = read("../README.md")
    const example = read("../examples/basic.ts")
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })

  it("runs and prints the deduplicated retry and the log", async () => {
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line)
    })
    await import("../examples/basic.js")
    expect(lines).toEqual([
      "retry: seq 1, duplicate true",
      "1: commit for epoch 0",
      "2: application for epoch 1",
    ])
  })
})
