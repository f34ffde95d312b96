/**
 * Every benchmark runs in quick mode (tiny iteration counts) and writes JSON
 * of the expected shape. No timing is asserted: benchmarks are scripts, and a
 * missed goal is a reported FAIL, never a failing test.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BENCHMARKS } from "../src/benchmarks/index.js"
import { type BenchOptions, benchOptions } from "../src/lib/options.js"
import type { BenchResult } from "../src/lib/result.js"
import { runBenchmark } from "../src/lib/runner.js"

let options: BenchOptions

beforeAll(async () => {
  options = {
    ...benchOptions({ BENCH_QUICK: "1" }),
    resultsDir: await mkdtemp(join(tmpdir(), "mlskit-bench-test-")),
  }
})

afterAll(async () => {
  await rm(options.resultsDir, { recursive: true, force: true })
})

describe("benchmarks in quick mode", () => {
  it("have unique names", () => {
    expect(new Set(BENCHMARKS.map((b) => b.name)).size).toBe(BENCHMARKS.length)
  })

  for (const benchmark of BENCHMARKS) {
    it(`${benchmark.name} prints a table and writes its JSON result`, async () => {
      let printed = ""
      const { file } = await runBenchmark(
        benchmark,
        options,
        (text) => {
          printed += text
        },
        () => {},
      )
      expect(file).toBe(join(options.resultsDir, `${benchmark.name}.json`))
      const result = JSON.parse(await readFile(file, "utf8")) as BenchResult
      expect(result).toMatchObject({ benchmark: benchmark.name, quick: true })
      expect(result.durationMs).toBeGreaterThan(0)
      expect(result.environment.node).toBe(process.version)
      expect(result.rows.length).toBeGreaterThan(0)
      for (const g of result.goals) {
        expect(typeof g.pass).toBe("boolean")
        expect(Number.isFinite(g.measured)).toBe(true)
        expect(printed).toContain(g.description)
      }
      expect(printed).toContain(`# ${benchmark.name}:`)
      expect(printed).toContain("## ")
    })
  }

  it("providers reports both providers, the floor and the three Issue A goals", async () => {
    const result = JSON.parse(
      await readFile(join(options.resultsDir, "providers.json"), "utf8"),
    ) as BenchResult
    const encrypt = result.rows.find(
      (r) => r.operation === "encrypt (sendMessage)" && r.bytes === 1024,
    )
    expect(encrypt).toMatchObject({
      default: { n: expect.any(Number) },
      cryptoNode: { n: expect.any(Number) },
    })
    expect(result.rows.filter((r) => r.operation === "raw floor")).toHaveLength(2)
    expect(result.goals.map((g) => g.id)).toEqual([
      "crypto-node-encrypt-speedup",
      "crypto-node-encrypt-floor",
      "crypto-node-decrypt-speedup",
      "crypto-node-decrypt-floor",
      "crypto-node-commit-1000",
    ])
  })
})
