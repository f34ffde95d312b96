/**
 * `pnpm bench`: runs every benchmark (or those named in BENCH_ONLY), each in
 * its own child process, prints their tables and writes one JSON file each
 * under bench/results/. Missed goals are reported, never turned into a
 * failing exit code; a benchmark that crashes or stalls is.
 */
import { readFile } from "node:fs/promises"
import { BENCHMARKS } from "./benchmarks/index.js"
import { type ChildOutcome, runInChild } from "./lib/child-runner.js"
import { formatGoal } from "./lib/goals.js"
import { benchOptions } from "./lib/options.js"
import type { BenchResult } from "./lib/result.js"

/** A benchmark that sends no heartbeat for this long is killed (and retried once). */
const STALL_MS = 180_000

const options = benchOptions()
const unknown = options.only.filter((name) => !BENCHMARKS.some((b) => b.name === name))
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`,
  )
  process.exit(2)
}
const selected = BENCHMARKS.filter(
  (b) => options.only.length === 0 || options.only.includes(b.name),
)
console.log(
  `mlskit benchmarks${options.quick ? " (BENCH_QUICK: tiny iteration counts, not for comparison)" : ""}\n`,
)

const start = performance.now()
const outcomes: { name: string; outcome: ChildOutcome }[] = []
for (const benchmark of selected) {
  let outcome = await runInChild(benchmark.name, STALL_MS)
  if (outcome.status === "stalled") {
    console.error(`${benchmark.name} stalled (${outcome.reason}); retrying once`)
    outcome = await runInChild(benchmark.name, STALL_MS)
  }
  outcomes.push({ name: benchmark.name, outcome })
}

console.log("# summary\n")
let failed = false
for (const { name, outcome } of outcomes) {
  if (outcome.status !== "done") {
    failed = true
    console.log(`${name}: ${outcome.status.toUpperCase()} (${outcome.reason})`)
    continue
  }
  const result = JSON.parse(await readFile(outcome.file, "utf8")) as BenchResult
  console.log(`${name}: ${(result.durationMs / 1000).toFixed(1)} s -> ${outcome.file}`)
  for (const g of result.goals) console.log(`  ${formatGoal(g)}`)
}
console.log(`\ntotal ${((performance.now() - start) / 1000).toFixed(1)} s`)
process.exitCode = failed ? 1 : 0
