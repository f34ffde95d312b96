/**
 * A copy of deploy/prometheus/alerts.yml in which one alert's `for` is
 * shorter, so an end-to-end test can watch it fire without waiting minutes.
 * Everything else (expressions, labels, the other alerts) stays as shipped.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parseDocument } from "yaml"
import { ALERTS_FILE, type PrometheusRuleFile } from "../../src/deploy-queries.js"

/** Write alerts.yml to `dir` with `alert`'s `for` set to `duration`; returns the copy's path. */
export function alertsWithShorterFor(dir: string, alert: string, duration: string): string {
  const doc = parseDocument(readFileSync(ALERTS_FILE, "utf8"))
  const file = doc.toJS() as PrometheusRuleFile
  const matches = file.groups.flatMap((g, gi) =>
    g.rules.flatMap((r, ri) => (r.alert === alert ? [[gi, ri] as const] : [])),
  )
  if (matches.length !== 1) throw new Error(`expected one alert ${alert}, found ${matches.length}`)
  const [gi, ri] = matches[0] as readonly [number, number]
  doc.setIn(["groups", gi, "rules", ri, "for"], duration)
  const copy = join(dir, "alerts.yml")
  writeFileSync(copy, doc.toString())
  return copy
}
