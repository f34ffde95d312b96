/**
 * `pnpm bench`: runs every benchmark (or those named in BENCH_ONLY), prints
 * their tables and writes one JSON file each under bench/results/. Missed
 * goals are reported, never turned into a failing exit code.
 */
import { BENCHMARKS } from "./benchmarks/index.js"
import { formatGoal } from "./lib/goals.js"
import { benchOptions } from "./lib/options.js"
import { type RunOutcome, runBenchmark } from "./lib/runner.js"

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
if (!(globalThis as { gc?: unknown }).gc)
  console.error("note: run with --expose-gc for a GC between cases")
console.log(
  `mlskit benchmarks${options.quick ? " (BENCH_QUICK: tiny iteration counts, not for comparison)" : ""}\n`,
)

const start = performance.now()
const outcomes: RunOutcome[] = []
for (const benchmark of selected) outcomes.push(await runBenchmark(benchmark, options))

console.log("# summary\n")
for (const { result, file } of outcomes) {
  console.log(`${result.benchmark}: ${(result.durationMs / 1000).toFixed(1)} s -> ${file}`)
  for (const g of result.goals) console.log(`  ${formatGoal(g)}`)
}
console.log(`\ntotal ${((performance.now() - start) / 1000).toFixed(1)} s`)
