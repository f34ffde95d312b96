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

  it("runs: ready while degraded, not ready once shutting down", async () => {
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "))
    })
    await import("../examples/basic.js")
    expect(lines).toEqual(["200 degraded", "503"])
  })
})
