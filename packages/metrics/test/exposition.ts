/**
 * Test helpers: scrape a metrics URL and read sample values out of the
 * Prometheus text format.
 */

/** One parsed sample line. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g

/** Every sample line of an exposition. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split("\n")) {
    const match = LINE.exec(line)
    if (!match || line.startsWith("#")) continue
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) labels[key!] = value!
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The value of the sample `name` with exactly `labels`, or undefined when absent. */
export function sampleValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort())
  return parseSamples(text).find(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
  )?.value
}

/** The `# TYPE` of every metric family in an exposition. */
export function metricTypes(text: string): Map<string, string> {
  const types = new Map<string, string>()
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(name!, type!)
  return types
}

/** GETs `url` and returns the body, failing on a non-200 status. */
export async function scrape(url: string): Promise<string> {
  const response = await fetch(url)
  if (response.status !== 200) throw new Error(`scrape of ${url} returned ${response.status}`)
  return response.text()
}
