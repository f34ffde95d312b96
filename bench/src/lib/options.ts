/**
 * Benchmark options read from the environment: `BENCH_QUICK=1` runs every
 * case with tiny iteration counts and group sizes (for CI and development),
 * `BENCH_ONLY=<name>[,<name>]` runs only the named benchmarks. A benchmark
 * may read its sizes from `BENCH_<NAME>` variables (see `size`).
 */
import { fileURLToPath } from "node:url"

/** What every benchmark is given. */
export interface BenchOptions {
  quick: boolean
  /** Benchmark names to run; empty means all. */
  only: string[]
  /** Directory the JSON results go to. */
  resultsDir: string
  /** PostgreSQL connection string for the store benchmarks. */
  postgresUrl: string
}

const DEFAULT_RESULTS_DIR = fileURLToPath(new URL("../results", import.meta.url))

/** Options from `process.env` (or the given environment). */
export function benchOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  return {
    quick: env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true",
    only: (env.BENCH_ONLY ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
    resultsDir: env.BENCH_RESULTS_DIR ?? DEFAULT_RESULTS_DIR,
    postgresUrl: env.MLSKIT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  }
}

/** `full` normally, `quick` under BENCH_QUICK. */
export function pick<T>(options: BenchOptions, full: T, quick: T): T {
  return options.quick ? quick : full
}

/**
 * A size from `BENCH_<key>` (a positive integer) when set, else `full`
 * normally and `quick` under BENCH_QUICK. A bad value is an error rather than
 * a silently different run.
 */
export function size(
  options: BenchOptions,
  key: string,
  full: number,
  quick: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = env[`BENCH_${key}`]
  if (raw === undefined || raw === "") return pick(options, full, quick)
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`BENCH_${key} must be a positive integer, not ${JSON.stringify(raw)}`)
  return value
}
