import { readFile } from "node:fs/promises"
import { afterEach, describe, expect, it, vi } from "vitest"

afterEach(() => {
  vi.restoreAllMocks()
})

describe("README example", () => {
  it("is examples/quickstart.ts verbatim", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8")
    const example = await readFile(new URL("../examples/quickstart.ts", import.meta.url), "utf8")
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })

  it("runs and shows the receiver joining the sender's trace", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    await import("../examples/quickstart.js")
    expect(log).toHaveBeenCalledWith("mls.send_message", true)
  })
})
