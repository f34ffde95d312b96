import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it, vi } from "vitest"

const originalFetch = globalThis.fetch
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

  it("runs: OpenMLS joins, messages cross both ways, the exporter agrees", async () => {
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "))
    })
    await import("../examples/basic.js")
    expect(lines).toEqual(["hello mlskit", "hello OpenMLS", "1 true"])
  })

  it("leaves no window global and the original fetch behind, and loads once", async () => {
    const { loadCoreCrypto } = await import("@mlskit/openmls-harness")
    const first = await loadCoreCrypto()
    expect("window" in globalThis).toBe(false)
    expect(globalThis.fetch).toBe(originalFetch)
    expect(await loadCoreCrypto()).toBe(first)
  })
})
