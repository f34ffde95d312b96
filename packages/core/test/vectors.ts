/** Locates the official MLS test vectors in ../shared beside the repository, if present. */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")
export const VECTORS_DIR = join(repoRoot, "..", "shared", "vectors", "mls")

/** True when the vector directory exists; otherwise prints why vector tests are skipped. */
export function vectorsAvailable(): boolean {
  const ok = existsSync(VECTORS_DIR)
  if (!ok) console.warn(`MLS test vectors not found at ${VECTORS_DIR}: vector tests are skipped`)
  return ok
}

/** Parse one vector file. */
export function readVectors<T>(file: string): T {
  return JSON.parse(readFileSync(join(VECTORS_DIR, file), "utf8")) as T
}

export const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"))
