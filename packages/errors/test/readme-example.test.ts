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

  it("runs: a family check is narrow, the base check is wide, toJSON has no cause", async () => {
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "))
    })
    await import("../examples/basic.js")
    expect(lines).toEqual([
      "true true",
      '{"name":"CacheError","code":"CACHE_FULL","message":"the cache is full","retryable":true}',
      "false SERVICE_UNAVAILABLE true",
    ])
  })
})
