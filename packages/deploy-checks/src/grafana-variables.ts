/**
 * Replaces the Grafana template variables of dashboard queries with values,
 * so the queries can be checked by promtool or run against Prometheus.
 */

/** Values for the variables the mlskit dashboard uses. */
export interface GrafanaVariableValues {
  /** `$job`: a regex of job names (default `.+`). */
  job?: string
  /** `$__rate_interval` (default `1m`). */
  rateInterval?: string
  /** `$__interval` (default `15s`). */
  interval?: string
}

/** `expr` with every variable replaced; throws on a variable it does not know. */
export function substituteGrafanaVariables(
  expr: string,
  values: GrafanaVariableValues = {},
): string {
  const known: Record<string, string> = {
    job: values.job ?? ".+",
    __rate_interval: values.rateInterval ?? "1m",
    __interval: values.interval ?? "15s",
  }
  return expr.replace(
    /\$\{([A-Za-z0-9_]+)(?::[a-z]+)?\}|\$([A-Za-z0-9_]+)/g,
    (match, braced, bare) => {
      const name = (braced ?? bare) as string
      const value = known[name]
      if (value === undefined) throw new Error(`unknown Grafana variable ${match} in: ${expr}`)
      return value
    },
  )
}
