/**
 * The parsed TOML document every config table is read from. Parsed once:
 * the service reads its tables from it and an application its own.
 */
import { readFileSync } from "node:fs"
import { ConfigError } from "@mlskit/core"
import { parse as parseToml } from "smol-toml"

/** A parsed TOML document: tables by name. */
export type ConfigDocument = Record<string, unknown>

/** Where the TOML comes from. */
export interface ConfigSource {
  /** TOML text; takes precedence over `file`. */
  toml?: string
  /** Path of a TOML file. */
  file?: string
}

/** Parse the TOML of `source`; an empty document when it names none. */
export function readConfigDocument(source: ConfigSource): ConfigDocument {
  let text = source.toml
  if (text === undefined && source.file) {
    try {
      text = readFileSync(source.file, "utf8")
    } catch (cause) {
      throw new ConfigError("config_file", `cannot read ${source.file}`, { cause })
    }
  }
  if (text === undefined) return {}
  try {
    return parseToml(text) as ConfigDocument
  } catch (cause) {
    throw new ConfigError("toml", `invalid TOML: ${(cause as Error).message.split("\n")[0]}`, {
      cause,
    })
  }
}
