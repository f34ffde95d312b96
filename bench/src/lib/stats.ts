/** Summary statistics of latency samples in milliseconds. */

/** What every measured row reports. */
export interface Stats {
  /** Number of measured iterations. */
  n: number
  medianMs: number
  meanMs: number
  p95Ms: number
  minMs: number
  /** 1000 / median: operations per second of one sequential caller. */
  opsPerSec: number
}

/** Summarize samples (milliseconds); throws on an empty list. */
export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error("no samples")
  const sorted = [...samples].sort((a, b) => a - b)
  const median = quantile(sorted, 0.5)
  return {
    n: sorted.length,
    medianMs: median,
    meanMs: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    p95Ms: quantile(sorted, 0.95),
    minMs: sorted[0] ?? 0,
    opsPerSec: median > 0 ? 1000 / median : Number.POSITIVE_INFINITY,
  }
}

/** The `q` quantile (0 to 1) of unsorted samples, interpolated; throws on an empty list. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error("no samples")
  return quantile(
    [...samples].sort((a, b) => a - b),
    q,
  )
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo] ?? 0
  const b = sorted[hi] ?? a
  return a + (b - a) * (pos - lo)
}
