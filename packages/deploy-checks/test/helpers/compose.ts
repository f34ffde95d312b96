/**
 * deploy/compose/compose.yaml parsed (YAML merge keys resolved, as Docker
 * Compose does), with typed access to the few fields the checks read.
 */
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import { deployPath } from "../../src/repo-paths.js"

export const COMPOSE_DIR = deployPath("compose")

export interface ComposeHealthcheck {
  test: string[] | string
  interval?: string
  retries?: number
}

export interface ComposeService {
  image?: string
  build?: { context: string; dockerfile?: string }
  command?: string[] | string
  environment?: Record<string, string | number | boolean | null> | string[]
  depends_on?: Record<string, { condition?: string }> | string[]
  healthcheck?: ComposeHealthcheck
  ports?: string[]
  volumes?: string[]
  stop_grace_period?: string
}

export interface ComposeFile {
  name?: string
  services: Record<string, ComposeService>
  volumes?: Record<string, unknown>
}

/** The compose file; throws on a YAML error. */
export function loadCompose(file = `${COMPOSE_DIR}/compose.yaml`): ComposeFile {
  return parse(readFileSync(file, "utf8"), { merge: true }) as ComposeFile
}

/** A service's environment as a map, from either of Compose's two forms. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {}
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
    )
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? "" : String(v)]))
}

/** A service's depends_on as a map of conditions, from either of Compose's two forms. */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {}
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, "service_started"]))
  return Object.fromEntries(
    Object.entries(deps).map(([k, v]) => [k, v.condition ?? "service_started"]),
  )
}

/** A Compose duration ("40s", "1m30s", "500ms") in milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 }
  let total = 0
  for (const [, n, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g))
    total += Number(n) * (units[unit as string] ?? Number.NaN)
  return total
}

/** The argument after `flag` in a command list, if any. */
export function argAfter(command: string[], flag: string): string | undefined {
  const i = command.indexOf(flag)
  return i < 0 ? undefined : command[i + 1]
}

/** The `server` addresses of each `upstream` block of an nginx config. */
export function nginxUpstreams(conf: string): Record<string, string[]> {
  const withoutComments = conf.replace(/#[^\n]*/g, "")
  const upstreams: Record<string, string[]> = {}
  for (const [, name, body] of withoutComments.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g))
    upstreams[name as string] = [...(body as string).matchAll(/^\s*server\s+([^\s;]+)/gm)].map(
      (m) => m[1] as string,
    )
  return upstreams
}
