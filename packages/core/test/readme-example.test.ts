import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it, vi } from "vitest"

describe("README example", () => {
  afterEach(() => vi.restoreAllMocks())

  it("is the same code as examples/quick-start.ts, and that code runs", async () => {
    const example = readFileSync(new URL("../examples/quick-start.ts", import.meta.url), "utf8")
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    expect(readme).toContain(example.trim())
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined)
    await import("../examples/quick-start.js")
    expect(log).toHaveBeenCalledWith("alice: hi bob")
  })
})

describe("README staged-commits example", () => {
  afterEach(() => vi.restoreAllMocks())

  it("is the same code as examples/staged-commits.ts, and that code runs", async () => {
    const example = readFileSync(new URL("../examples/staged-commits.ts", import.meta.url), "utf8")
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    expect(readme).toContain(example.trim())
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined)
    await import("../examples/staged-commits.js")
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(/^pending at epoch 0, dedupe id [\w-]{43}$/),
    )
    expect(log).toHaveBeenCalledWith("epoch 1; bob joined at epoch 1")
    expect(log).toHaveBeenCalledWith("applied up to 2")
  })
})
