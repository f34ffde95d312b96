/**
 * The contract suites declare tests on the consumer's Vitest: the built
 * entry must import "vitest", never carry a bundled copy of it (a copy
 * registers the tests on a runner nobody runs: "No test found in suite").
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

describe("the built testing/contract entry", () => {
  it("imports vitest from the consumer instead of bundling it", () => {
    const built = readFileSync(new URL("../dist/testing/contract.js", import.meta.url), "utf8")
    expect(built).toMatch(/from "vitest"/)
    expect(built.length).toBeLessThan(200_000)
  })
})
