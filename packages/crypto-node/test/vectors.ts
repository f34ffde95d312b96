/**
 * Loads the official MLS test vectors from the shared workspace
 * (`../shared/vectors/mls` from the repository root; `MLS_VECTORS_DIR` points
 * elsewhere). When that directory is absent the tests skip with a printed
 * reason, unless MLSKIT_REQUIRE_SERVICES=1 (CI), where they run and fail.
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

/** True when missing vectors must fail the run rather than skip it. */
export const VECTORS_REQUIRED = process.env.MLSKIT_REQUIRE_SERVICES === "1"

const present = existsSync(vectorsDir)
if (!present && !VECTORS_REQUIRED) {
  console.log(
    `skipping the MLS vector tests: no vectors at ${vectorsDir}; set MLSKIT_REQUIRE_SERVICES=1 to fail instead`,
  )
}

/** Whether the vector tests run: the vectors are there, or they are required (and then fail). */
export const vectorTestsRun = present || VECTORS_REQUIRED

/** The parsed contents of one vector file: an empty list when skipped, an error when required but absent. */
export function loadVectors<T>(file: string): T[] {
  if (!present && !VECTORS_REQUIRED) return []
  if (!present) {
    throw new Error(
      `MLS test vectors are required (MLSKIT_REQUIRE_SERVICES=1) but ${vectorsDir} does not exist`,
    )
  }
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
