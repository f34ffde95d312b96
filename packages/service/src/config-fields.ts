/**
 * The machinery behind every TOML config table of mlskit: a table is a map
 * of TOML key to field (camelCase name, type, default); `readConfigTable`
 * rejects unknown keys, lets `MLSKIT_<TABLE>_<KEY>` override any key, and
 * validates every value, naming the key in each ConfigError. The service
 * reads its own tables with it; an application (the reference server) reads
 * its tables from the same document with it, so both behave alike.
 */
import { ConfigError } from "@mlskit/core"

/** The type of one config value. */
export type ConfigFieldType =
  | { kind: "string"; allowEmpty: boolean }
  | { kind: "int"; min: number; max: number }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }

/** One key of a table: its name in the result, its type and its default (undefined: optional). */
export interface ConfigField {
  key: string
  type: ConfigFieldType
  default: unknown
}

/** Tables by name, each a map of TOML key to field. */
export type ConfigTables = Record<string, Record<string, ConfigField>>

/** Builders of field types. */
export const configTypes = {
  string: (allowEmpty = false): ConfigFieldType => ({ kind: "string", allowEmpty }),
  int: (min: number, max: number): ConfigFieldType => ({ kind: "int", min, max }),
  bool: (): ConfigFieldType => ({ kind: "bool" }),
  oneOf: (...values: string[]): ConfigFieldType => ({ kind: "enum", values }),
} as const

/** The environment variable that overrides `table.key`. */
export function envVarFor(path: string): string {
  return `MLSKIT_${path.replace(".", "_").toUpperCase()}`
}

/** Every key of `tables` as `table.key`. */
export function configKeysOf(tables: ConfigTables): string[] {
  return Object.entries(tables).flatMap(([table, fields]) =>
    Object.keys(fields).map((k) => `${table}.${k}`),
  )
}

/** The table `name` of a parsed document; `{}` when absent, ConfigError when not a table. */
export function tableOf(doc: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = doc[name]
  if (value === undefined) return {}
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError(name, "must be a table")
  return value as Record<string, unknown>
}

/** Read each of `tables` from `doc` with `readConfigTable`. */
export function readConfigTables(
  doc: Record<string, unknown>,
  tables: ConfigTables,
  env: Record<string, string | undefined>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [table, fields] of Object.entries(tables))
    out[table] = readConfigTable(table, tableOf(doc, table), fields, env)
  return out
}

/**
 * Validate `values` (the TOML table `table`) against `fields`: an unknown
 * key is a ConfigError; each key's environment variable, when set, wins
 * over the TOML value; a missing key gets its default.
 */
export function readConfigTable(
  table: string,
  values: Record<string, unknown>,
  fields: Record<string, ConfigField>,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  for (const k of Object.keys(values)) {
    if (!Object.hasOwn(fields, k)) throw new ConfigError(`${table}.${k}`, "unknown key")
  }
  const out: Record<string, unknown> = {}
  for (const [k, field] of Object.entries(fields)) {
    const path = `${table}.${k}`
    const fromEnv = env[envVarFor(path)]
    const raw = fromEnv !== undefined ? fromEnvString(fromEnv, field.type, path) : values[k]
    out[field.key] = raw === undefined ? field.default : validate(raw, field.type, path)
  }
  return out
}

/** `true`/`false` (also 1/0, yes/no, on/off) from an environment variable. */
export function parseBoolEnv(value: string, path: string): boolean {
  const v = value.trim().toLowerCase()
  if (["1", "true", "yes", "on"].includes(v)) return true
  if (["0", "false", "no", "off"].includes(v)) return false
  throw new ConfigError(path, `must be true or false (from ${envVarFor(path)})`)
}

function fromEnvString(value: string, type: ConfigFieldType, path: string): unknown {
  if (type.kind === "int") {
    if (!/^-?\d+$/.test(value.trim()))
      throw new ConfigError(path, `must be an integer (from ${envVarFor(path)})`)
    return Number(value)
  }
  if (type.kind === "bool") return parseBoolEnv(value, path)
  return value
}

function validate(value: unknown, type: ConfigFieldType, path: string): unknown {
  switch (type.kind) {
    case "string":
      if (typeof value !== "string") throw new ConfigError(path, "must be a string")
      if (!type.allowEmpty && value.length === 0) throw new ConfigError(path, "must not be empty")
      return value
    case "int": {
      const n = typeof value === "bigint" ? Number(value) : value
      if (typeof n !== "number" || !Number.isInteger(n) || n < type.min || n > type.max) {
        throw new ConfigError(path, `must be an integer from ${type.min} to ${type.max}`)
      }
      return n
    }
    case "bool":
      if (typeof value !== "boolean") throw new ConfigError(path, "must be a boolean")
      return value
    case "enum":
      if (typeof value !== "string" || !type.values.includes(value)) {
        throw new ConfigError(path, `must be one of ${type.values.map((v) => `"${v}"`).join(", ")}`)
      }
      return value
  }
}
