/**
 * The demo's metrics table: reads Prometheus text exposition (what
 * `/metrics` serves) and keeps the `mls_*` series whose value moved from
 * zero, one row per counter or gauge series and one per histogram series
 * (its count and mean, never its buckets).
 */

/** One row of the table: a series and what it shows. */
export interface MetricRow {
  /** Metric name with its labels as exposed, e.g. `mls_operation_duration_ms{operation="self_update"}`. */
  series: string
  value: string
}

/** One sample line: `name{labels} value`. */
interface Sample {
  name: string
  labels: string
  value: number
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+\d+)?$/

/** Parse the sample lines of a text exposition (comments other than `# TYPE` are ignored). */
function parseExposition(text: string): { samples: Sample[]; histograms: Set<string> } {
  const samples: Sample[] = []
  const histograms = new Set<string>()
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line)
    if (type?.[1] && type[2] === "histogram") histograms.add(type[1])
    const match = line.startsWith("#") ? null : SAMPLE.exec(line.trim())
    if (match?.[1] && match[3]) {
      samples.push({ name: match[1], labels: match[2] ?? "", value: Number(match[3]) })
    }
  }
  return { samples, histograms }
}

const format = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1))

/** The `mls_*` series of `exposition` whose value is not zero, in exposition order. */
export function changedMlsMetrics(exposition: string): MetricRow[] {
  const { samples, histograms } = parseExposition(exposition)
  const sums = new Map<string, number>()
  for (const s of samples) {
    if (s.name.endsWith("_sum")) sums.set(`${s.name.slice(0, -4)}${s.labels}`, s.value)
  }
  const rows: MetricRow[] = []
  for (const s of samples) {
    if (!s.name.startsWith("mls_") || s.value === 0) continue
    const base = s.name.replace(/_(bucket|sum|count)$/, "")
    if (!histograms.has(base)) {
      rows.push({ series: `${s.name}${s.labels}`, value: format(s.value) })
    } else if (s.name === `${base}_count`) {
      const mean = (sums.get(`${base}${s.labels}`) ?? 0) / s.value
      rows.push({ series: `${base}${s.labels}`, value: `${s.value}× (mean ${format(mean)})` })
    }
  }
  return rows
}

/** The rows as an aligned two-column table, one line each, indented by two spaces. */
export function metricsTable(rows: readonly MetricRow[]): string[] {
  const width = Math.max(...rows.map((r) => r.series.length), "series".length)
  return [
    `  ${"series".padEnd(width)}  value`,
    ...rows.map((r) => `  ${r.series.padEnd(width)}  ${r.value}`),
  ]
}

/** The value of one series (`name{labels}` as exposed) in `exposition`; 0 when it is absent. */
export function seriesValue(exposition: string, series: string): number {
  const sample = parseExposition(exposition).samples.find((s) => `${s.name}${s.labels}` === series)
  return sample?.value ?? 0
}
