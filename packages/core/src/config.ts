/**
 * The validated MLS configuration of core, loadable from the `[mls]` table
 * of a TOML file. Every key is checked; errors name the offending key.
 */
import { parse as parseToml } from "smol-toml"
import { type CiphersuiteName, DEFAULT_CIPHERSUITE, isCiphersuiteName } from "./ciphersuites.js"
import { ConfigError } from "./errors.js"

/** How commits are framed on the wire. OpenMLS-based peers expect "public" by default. */
export type CommitWireFormat = "public" | "private"

/** Core's MLS settings. */
export interface MlsConfig {
  ciphersuite: CiphersuiteName
  /** Only "1" (mls10) exists. */
  protocolVersion: "1"
  /** Commits as PublicMessage (default) or PrivateMessage. */
  commitWireFormat: CommitWireFormat
  /** Include the ratchet tree extension in Welcome messages (default true). */
  ratchetTreeExtension: boolean
  /** Past epochs whose keys are kept for late application messages (default 4). */
  retainEpochs: number
  /** Out-of-order generations tolerated within an epoch (default 1000). */
  maxForwardRatchetSteps: number
}

/** Defaults matching what OpenMLS-based peers need. */
export const DEFAULT_MLS_CONFIG: MlsConfig = Object.freeze({
  ciphersuite: DEFAULT_CIPHERSUITE,
  protocolVersion: "1",
  commitWireFormat: "public",
  ratchetTreeExtension: true,
  retainEpochs: 4,
  maxForwardRatchetSteps: 1000,
})

const TOML_KEYS = {
  ciphersuite: "ciphersuite",
  protocol_version: "protocolVersion",
  commit_wire_format: "commitWireFormat",
  ratchet_tree_extension: "ratchetTreeExtension",
  retain_epochs: "retainEpochs",
  max_forward_ratchet_steps: "maxForwardRatchetSteps",
} as const satisfies Record<string, keyof MlsConfig>

type TomlKey = keyof typeof TOML_KEYS

/** Validate a `[mls]` table (snake_case keys as in TOML). Unknown keys are rejected. */
export function mlsConfigFromTable(table: unknown, prefix = "mls"): MlsConfig {
  if (table === undefined) return { ...DEFAULT_MLS_CONFIG }
  if (typeof table !== "object" || table === null || Array.isArray(table)) {
    throw new ConfigError(prefix, "must be a table")
  }
  const out: MlsConfig = { ...DEFAULT_MLS_CONFIG }
  for (const [key, value] of Object.entries(table)) {
    if (!Object.hasOwn(TOML_KEYS, key)) throw new ConfigError(`${prefix}.${key}`, "unknown key")
    applyKey(out, key as TomlKey, value, `${prefix}.${key}`)
  }
  return out
}

/** Validate a partial camelCase config object and fill defaults. */
export function resolveMlsConfig(input: Partial<MlsConfig> = {}): MlsConfig {
  const reverse = Object.fromEntries(Object.entries(TOML_KEYS).map(([k, v]) => [v, k]))
  const table: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue
    const tomlKey = reverse[key]
    if (!tomlKey) throw new ConfigError(key, "unknown key")
    table[tomlKey] = value
  }
  return mlsConfigFromTable(table)
}

/** Parse TOML text and validate its `[mls]` table; other tables are left to their owners. */
export function loadMlsConfig(tomlText: string): MlsConfig {
  let doc: Record<string, unknown>
  try {
    doc = parseToml(tomlText) as Record<string, unknown>
  } catch (cause) {
    throw new ConfigError("toml", `invalid TOML: ${(cause as Error).message.split("\n")[0]}`, {
      cause,
    })
  }
  return mlsConfigFromTable(doc.mls)
}

function applyKey(out: MlsConfig, key: TomlKey, value: unknown, path: string): void {
  switch (key) {
    case "ciphersuite":
      if (!isCiphersuiteName(value))
        throw new ConfigError(path, `unknown ciphersuite ${describe(value)}`)
      out.ciphersuite = value
      return
    case "protocol_version":
      if (value !== "1" && value !== 1) {
        throw new ConfigError(
          path,
          `unsupported protocol version ${describe(value)}; only "1" exists`,
        )
      }
      out.protocolVersion = "1"
      return
    case "commit_wire_format":
      if (value !== "public" && value !== "private") {
        throw new ConfigError(path, `must be "public" or "private", got ${describe(value)}`)
      }
      out.commitWireFormat = value
      return
    case "ratchet_tree_extension":
      if (typeof value !== "boolean") throw new ConfigError(path, "must be a boolean")
      out.ratchetTreeExtension = value
      return
    case "retain_epochs":
      out.retainEpochs = integer(value, path, 0, 1000)
      return
    case "max_forward_ratchet_steps":
      out.maxForwardRatchetSteps = integer(value, path, 1, 1_000_000)
      return
  }
}

function integer(value: unknown, path: string, min: number, max: number): number {
  const n = typeof value === "bigint" ? Number(value) : value
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(path, `must be an integer from ${min} to ${max}`)
  }
  return n
}

function describe(value: unknown): string {
  const text = typeof value === "string" ? `"${value}"` : String(value)
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}
