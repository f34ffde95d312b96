/** A config file for a child-process server on SQLite in a temporary data directory. */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/**
 * Write `mlskit.toml` into `dir` (SQLite data in `dir`, ephemeral ports,
 * hand delivery unless MLSKIT_DELIVERY_DRIVER says otherwise) plus `extra`
 * TOML; returns its path.
 */
export function writeProcessConfig(dir: string, extra = ""): string {
  const file = join(dir, "mlskit.toml")
  writeFileSync(
    file,
    `[server]
port = 0
[metrics]
port = 0
[storage]
driver = "sqlite"
data_dir = ${JSON.stringify(dir)}
[delivery]
driver = "none"
${extra}`,
  )
  return file
}

/** The admin token the server generated in `dir` on its first start. */
export const adminTokenIn = (dir: string): string =>
  readFileSync(join(dir, "admin-token"), "utf8").trim()
