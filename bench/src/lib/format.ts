/** Number formatting for the printed tables (JSON keeps raw numbers). */

/** Milliseconds with a unit that keeps three significant digits. */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "-"
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`
  if (ms < 1000) return `${ms.toPrecision(3)} ms`
  return `${(ms / 1000).toPrecision(3)} s`
}

/** Operations per second, rounded. */
export function fmtRate(perSec: number | undefined): string {
  if (perSec === undefined || !Number.isFinite(perSec)) return "-"
  if (perSec >= 100) return Math.round(perSec).toLocaleString("en-US")
  return perSec.toPrecision(3)
}

/** A ratio such as a speed-up: "6.72×". */
export function fmtRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return "-"
  return `${ratio >= 100 ? Math.round(ratio) : ratio.toPrecision(3)}×`
}

/** A signed percentage: "+4.1%". */
export function fmtPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return "-"
  const pct = fraction * 100
  return `${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%`
}

/** Bytes as B, KiB or MiB. */
export function fmtBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return "-"
  const abs = Math.abs(bytes)
  if (abs < 1024) return `${bytes} B`
  if (abs < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
