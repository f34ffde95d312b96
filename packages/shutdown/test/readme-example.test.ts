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

  it("runs: flushes the store, exits nothing, and leaves no signal handlers behind", async () => {
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "))
    })
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never)
    const before = process.listenerCount("SIGTERM")
    await import("../examples/basic.js")
    expect(lines).toEqual(["store flushed", "ok=true exitCode=0"])
    expect(exit).not.toHaveBeenCalled()
    expect(process.listenerCount("SIGTERM")).toBe(before)
  })
})
