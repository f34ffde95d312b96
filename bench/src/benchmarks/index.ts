/** Every benchmark, in the order `pnpm bench` runs them. */
import type { Benchmark } from "../lib/benchmark.js"
import { providersBenchmark } from "./providers.js"

export const BENCHMARKS: readonly Benchmark[] = [providersBenchmark]
