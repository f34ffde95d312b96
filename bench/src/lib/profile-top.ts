/**
 * The top functions of a CPU profile (`cpu-profile.ts`) as a printed table
 * and as JSON rows, for benchmarks that profile their measured part.
 */
import type { FunctionSelfTime } from "./cpu-profile.js"
import { fmtMs } from "./format.js"
import type { PrintTable } from "./table.js"

/** How many functions a benchmark reports. */
export const TOP_FUNCTIONS = 5

/** Self time per function of one profiled run. */
export interface ProfiledRun {
  /** What ran under the profiler ("hosted fan-out, memory"). */
  label: string
  functions: FunctionSelfTime[]
  /** Self time of all functions, idle excluded. */
  totalMs: number
}

/** A table of the top functions by self time. */
export function topFunctionsTable(run: ProfiledRun): PrintTable {
  return {
    title: `top ${TOP_FUNCTIONS} functions by self time: ${run.label} (${fmtMs(run.totalMs)} busy)`,
    columns: [
      "#",
      "function",
      "location",
      "self",
      "share",
      "mostly called from (share of its self time)",
    ],
    rows: run.functions
      .slice(0, TOP_FUNCTIONS)
      .map((f, i) => [
        String(i + 1),
        f.function,
        f.location,
        fmtMs(f.selfMs),
        `${(f.share * 100).toFixed(1)}%`,
        mainCaller(f),
      ]),
  }
}

function mainCaller(f: FunctionSelfTime): string {
  const top = f.callers[0]
  if (!top || f.selfMs <= 0) return "-"
  return `${top.chain} (${Math.round((top.selfMs / f.selfMs) * 100)}%)`
}

/** The top functions as plain objects for a JSON row. */
export function topFunctions(run: ProfiledRun): (FunctionSelfTime & { rank: number })[] {
  return run.functions.slice(0, TOP_FUNCTIONS).map((f, i) => ({ rank: i + 1, ...f }))
}
