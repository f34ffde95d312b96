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
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith("event: MessageReceived in epoch 1"))
    // bob joined by himself and received alice's message from the group's log.
    expect(log).toHaveBeenCalledWith(["joined", "message"], "alice", "hi")
    expect(log).toHaveBeenCalledWith({
      name: "mls_service",
      status: "healthy",
      details: "2 active groups",
    })
  })
})
