/** The shape of a benchmark script, as run by `run-all` and the quick-mode test. */
import type { BenchOptions } from "./options.js"
import type { BenchOutput } from "./result.js"

/** One benchmark: a name (the JSON file name and BENCH_ONLY key) and a run function. */
export interface Benchmark {
  name: string
  description: string
  run(options: BenchOptions, log: (message: string) => void): Promise<BenchOutput>
}
