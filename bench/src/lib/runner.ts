/**
 * Runs one benchmark: times it, prints its tables, goals and notes, and
 * writes `results/<name>.json`.
 */

import { loadavg } from "node:os"
import type { Benchmark } from "./benchmark.js"
import { formatGoal } from "./goals.js"
import { collectGarbage } from "./measure.js"
import type { BenchOptions } from "./options.js"
import { type BenchResult, environment, writeResult } from "./result.js"
import { renderTable } from "./table.js"

/** The written result and its path. */
export interface RunOutcome {
  result: BenchResult
  file: string
}

/** Run a benchmark and write its JSON; `print` receives the report text. */
export async function runBenchmark(
  benchmark: Benchmark,
  options: BenchOptions,
  print: (text: string) => void = (text) => process.stdout.write(text),
  log: (message: string) => void = (message) =>
    process.stderr.write(`  [${benchmark.name}] ${message}\n`),
): Promise<RunOutcome> {
  collectGarbage()
  const env = environment()
  const startedAt = new Date().toISOString()
  const start = performance.now()
  const output = await benchmark.run(options, log)
  const durationMs = performance.now() - start
  env.loadAverageAtEnd = loadavg()
  const result: BenchResult = {
    benchmark: benchmark.name,
    description: benchmark.description,
    quick: options.quick,
    startedAt,
    durationMs,
    environment: env,
    rows: output.rows,
    goals: output.goals,
    notes: output.notes,
  }
  const file = await writeResult(options.resultsDir, result)
  const lines = [`# ${benchmark.name}: ${benchmark.description}`, ""]
  for (const table of output.tables) lines.push(renderTable(table))
  if (output.goals.length > 0)
    lines.push("Goals:", ...output.goals.map((g) => `  ${formatGoal(g)}`), "")
  if (output.notes.length > 0) lines.push("Notes:", ...output.notes.map((n) => `  - ${n}`), "")
  lines.push(
    `(${(durationMs / 1000).toFixed(1)} s, load average ${fmtLoad(env)}; JSON: ${file})`,
    "",
    "",
  )
  print(lines.join("\n"))
  return { result, file }
}

function fmtLoad(env: BenchResult["environment"]): string {
  const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" ")
  return `${f(env.loadAverageAtStart)} -> ${f(env.loadAverageAtEnd)}`
}
