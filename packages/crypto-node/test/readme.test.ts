/**
 * The README's promises: its example is `examples/quick-start.ts` verbatim
 * and runs, and its suite table matches `nativePrimitives` for every suite.
 */
import { readFileSync } from "node:fs"
import { type CiphersuiteName, ciphersuites, getCiphersuiteFromName } from "ts-mls"
import { afterEach, describe, expect, it, vi } from "vitest"
import { nativePrimitives } from "../src/index.js"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")
const readme = read("../README.md")

describe("README", () => {
  afterEach(() => vi.restoreAllMocks())

  it("shows examples/quick-start.ts verbatim", () => {
    expect(readme).toContain(`\`\`\`ts\n${read("../examples/quick-start.ts")}\`\`\``)
  })

  it("has an example that runs: Bob reads Alice's message", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    await import("../examples/quick-start.js")
    expect(log).toHaveBeenCalledWith("hello bob")
  })

  it("lists every ts-mls suite with the primitives that really run natively", () => {
    const word = (native: boolean) => (native ? "native" : "fallback")
    const expected = Object.entries(ciphersuites).map(([name, id]) => {
      const p = nativePrimitives(getCiphersuiteFromName(name as CiphersuiteName))
      return [String(id), name, ...[p.hash, p.kdf, p.aead, p.signature, p.hpke].map(word)]
    })
    const rows = readme
      .split("\n")
      .filter((line) => /^\|\s*\d+\s*\|\s*MLS_/.test(line))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      )
    expect(rows).toEqual(expected)
  })
})
