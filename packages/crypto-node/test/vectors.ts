/**
 * Loads the official MLS test vectors from the shared workspace
 * (`../shared/vectors/mls` from the repository root); tests skip, saying so,
 * when that directory is absent. `MLS_VECTORS_DIR` points elsewhere.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import {
  type Ciphersuite,
  type CiphersuiteName,
  ciphersuites,
  getCiphersuiteFromName,
} from "ts-mls"

/** Directory of the vector files (`MLS_VECTORS_DIR` overrides it). */
export const vectorsDir =
  process.env.MLS_VECTORS_DIR ??
  fileURLToPath(new URL("../../../../shared/vectors/mls", import.meta.url))

/** Whether the vectors are present; prints why tests skip when not. */
export const haveVectors = existsSync(vectorsDir)
if (!haveVectors) console.log(`MLS test vectors not found at ${vectorsDir}: vector tests skipped`)

/** The parsed contents of one vector file (an empty list when absent). */
export function loadVectors<T>(file: string): T[] {
  if (!haveVectors) return []
  return JSON.parse(readFileSync(join(vectorsDir, file), "utf8")) as T[]
}

const names = new Map<number, CiphersuiteName>(
  Object.entries(ciphersuites).map(([name, id]) => [id, name as CiphersuiteName]),
)

/** The ts-mls ciphersuite with this numeric id, or undefined if ts-mls lacks it. */
export function suiteById(id: number): Ciphersuite | undefined {
  const name = names.get(id)
  return name === undefined ? undefined : getCiphersuiteFromName(name)
}

/** Hex to bytes. */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "hex"))
}

/** Bytes to hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex")
}
