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

/** A function's self time per operation on the measured side, on the baseline, and the difference. */
export interface ExtraSelfTime {
  rank: number
  function: string
  location: string
  measuredUsPerOp: number
  baselineUsPerOp: number
  extraUsPerOp: number
  callers: FunctionSelfTime["callers"]
}

/**
 * The functions that cost the measured side the most beyond the baseline,
 * per operation (a delivered message, a caught-up entry, a commit): self time
 * per operation on each side, compared function by function. Where the
 * measured side spends its extra time, which a plain top list can hide when
 * both sides share the same heavy functions.
 */
export function extraSelfTime(
  measured: ProfiledRun,
  measuredOps: number,
  baseline: ProfiledRun,
  baselineOps: number,
): ExtraSelfTime[] {
  const base = new Map(baseline.functions.map((f) => [`${f.function}@${f.location}`, f.selfMs]))
  return measured.functions
    .map((f) => {
      const measuredUsPerOp = (f.selfMs * 1000) / measuredOps
      const baselineUsPerOp = ((base.get(`${f.function}@${f.location}`) ?? 0) * 1000) / baselineOps
      return {
        function: f.function,
        location: f.location,
        measuredUsPerOp,
        baselineUsPerOp,
        extraUsPerOp: measuredUsPerOp - baselineUsPerOp,
        callers: f.callers,
      }
    })
    .sort((a, b) => b.extraUsPerOp - a.extraUsPerOp)
    .slice(0, TOP_FUNCTIONS)
    .map((f, i) => ({ rank: i + 1, ...f }))
}

/**
 * A table of `extraSelfTime`; `op` names the operation ("delivered message"),
 * `baseline` what it is compared with (raw core unless told).
 */
export function extraSelfTimeTable(
  label: string,
  op: string,
  rows: ExtraSelfTime[],
  baseline = "raw core",
): PrintTable {
  const us = (x: number) => fmtMs(x / 1000)
  return {
    title: `top ${TOP_FUNCTIONS} functions by self time beyond ${baseline} per ${op}: ${label}`,
    columns: ["#", "function", "location", "measured", baseline, "extra", "mostly called from"],
    rows: rows.map((f) => [
      String(f.rank),
      f.function,
      f.location,
      us(f.measuredUsPerOp),
      us(f.baselineUsPerOp),
      us(f.extraUsPerOp),
      f.callers[0]?.chain ?? "-",
    ]),
  }
}
