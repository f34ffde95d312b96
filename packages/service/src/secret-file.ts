/**
 * Secrets the service creates on first start (the state key, the admin
 * token): read from a file, or generated and written with mode 0600.
 */
import { randomBytes } from "node:crypto"
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { ConfigError } from "@mlskit/core"

/** Read the secret in `path`, or create it with `bytes` random bytes (base64url) and mode 0600. */
export function readOrCreateSecret(
  path: string,
  bytes: number,
  key: string,
): { value: string; created: boolean } {
  try {
    const value = readFileSync(path, "utf8").trim()
    if (!value) throw new ConfigError(key, `${path} is empty`)
    return { value, created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      if (err instanceof ConfigError) throw err
      throw new ConfigError(key, `cannot read ${path}`, { cause: err })
    }
  }
  const value = randomBytes(bytes).toString("base64url")
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: "wx" })
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      return readOrCreateSecret(path, bytes, key)
    throw new ConfigError(
      key,
      `cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`,
      {
        cause: err,
      },
    )
  }
  chmodSync(path, 0o600)
  return { value, created: true }
}
