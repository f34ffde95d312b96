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

  it("providers reports both providers, OpenMLS, the floor, the Issue A and issue 17 goals", async () => {
    const result = JSON.parse(
      await readFile(join(options.resultsDir, "providers.json"), "utf8"),
    ) as BenchResult
    const encrypt = result.rows.find(
      (r) => r.operation === "encrypt (sendMessage)" && r.bytes === 1024,
    )
    expect(encrypt).toMatchObject({
      default: { n: expect.any(Number) },
      cryptoNode: { n: expect.any(Number) },
      openmls: { n: expect.any(Number) },
      cryptoNodeVsOpenMls: expect.any(Number),
    })
    for (const operation of [
      "decrypt (processMessage)",
      "add-one commit",
      "process add-one commit",
      "join (new member)",
      "remove-one commit",
      "process remove-one commit",
    ]) {
      const rows = result.rows.filter((r) => r.operation === operation)
      expect(rows.length, operation).toBeGreaterThan(0)
      for (const row of rows) {
        expect(row, operation).toMatchObject({
          cryptoNode: { n: expect.any(Number) },
          openmls: { n: expect.any(Number) },
        })
        const cn = row.cryptoNode as { medianMs: number }
        const om = row.openmls as { medianMs: number }
        expect(row.cryptoNodeVsOpenMls).toBeCloseTo(cn.medianMs / om.medianMs)
      }
    }
    expect(result.rows.filter((r) => r.operation === "raw floor")).toHaveLength(2)
    expect(result.goals.map((g) => g.id)).toEqual([
      "crypto-node-encrypt-speedup",
      "crypto-node-encrypt-floor",
      "crypto-node-decrypt-speedup",
      "crypto-node-decrypt-floor",
      "crypto-node-commit-1000",
      "crypto-node-vs-openmls-encrypt",
      "crypto-node-vs-openmls-decrypt",
      ...["add", "process-add", "remove", "process-remove"].flatMap((op) =>
        [8, 12].map((members) => `crypto-node-vs-openmls-${op}-${members}`),
      ),
    ])
  })

  it("the delivery benchmarks report their ratios, latency, redo attempts and profile top 5", async () => {
    const read = async (name: string) =>
      JSON.parse(await readFile(join(options.resultsDir, `${name}.json`), "utf8")) as BenchResult
    const profiled = (row: Record<string, unknown>, key: string) => {
      const top = row[key] as { rank: number; function: string; selfMs: number }[]
      expect(top.length).toBeGreaterThan(0)
      expect(top.length).toBeLessThanOrEqual(5)
      expect(top.map((f) => f.rank)).toEqual(top.map((_, i) => i + 1))
      for (const f of top) expect(f.selfMs).toBeGreaterThanOrEqual(0)
    }
    const extra = (row: Record<string, unknown>) => {
      const top = row.extraTop as { extraUsPerOp: number; measuredUsPerOp: number }[]
      expect(top.length).toBeGreaterThan(0)
      expect(top.length).toBeLessThanOrEqual(5)
      for (const f of top) expect(f.extraUsPerOp).toBeLessThanOrEqual(f.measuredUsPerOp)
    }

    const fanout = await read("delivery-fanout")
    expect(fanout.rows.map((r) => r.store)).toEqual(["memory", "sqlite"])
    for (const row of fanout.rows) {
      expect(row).toMatchObject({
        recipients: (row.members as number) - 1,
        deliveredPerSec: expect.any(Number),
        baseline: { perSec: expect.any(Number) },
        latency: { p50Ms: expect.any(Number), p99Ms: expect.any(Number) },
        forksDetected: 0,
        backgroundErrors: 0,
      })
      expect(row.ratio).toBeCloseTo(
        (row.deliveredPerSec as number) / (row.baseline as { perSec: number }).perSec,
      )
      profiled(row, "profileTop")
      profiled(row, "baselineProfileTop")
      extra(row)
    }
    expect(fanout.goals.map((g) => g.id)).toEqual([
      "delivery-fanout-memory",
      "delivery-fanout-sqlite",
    ])

    const catchup = await read("delivery-catchup")
    expect(catchup.rows.map((r) => r.store)).toEqual(["memory", "sqlite"])
    for (const row of catchup.rows) {
      expect(row).toMatchObject({ entriesPerSec: expect.any(Number), ratio: expect.any(Number) })
      profiled(row, "profileTop")
      extra(row)
    }
    expect(catchup.goals.map((g) => g.id)).toEqual([
      "delivery-catchup-memory",
      "delivery-catchup-sqlite",
    ])

    const storm = await read("delivery-commit-storm")
    expect(storm.rows.map((r) => r.store)).toEqual(["memory", "sqlite"])
    for (const row of storm.rows) {
      expect(row.commits as number).toBeGreaterThanOrEqual(6)
      expect(row).toMatchObject({
        redoAttempts: expect.any(Number),
        convergedMsPerCommit: expect.any(Number),
        baseline: { msPerCommit: expect.any(Number) },
        forksDetected: 0,
      })
      // Every round has concurrent commits: some lose the fence and are redone.
      expect(row.redoAttempts as number).toBeGreaterThan(0)
      profiled(row, "profileTop")
      extra(row)
    }
  })
})
