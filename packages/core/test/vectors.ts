/**
 * Locates the official MLS test vectors in ../shared beside the repository
 * (`MLS_VECTORS_DIR` points elsewhere). Without them the vector tests skip
 * with a printed reason, unless MLSKIT_REQUIRE_SERVICES=1 (CI), where they
 * run and fail: a run that must check the vectors never passes with 0 cases.
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe } from "vitest"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")
/** Directory of the vector files. */
export const VECTORS_DIR =
  process.env.MLS_VECTORS_DIR ?? join(repoRoot, "..", "shared", "vectors", "mls")

/** True when missing vectors must fail the run rather than skip it. */
export const VECTORS_REQUIRED = process.env.MLSKIT_REQUIRE_SERVICES === "1"

const present = existsSync(VECTORS_DIR)
if (!present && !VECTORS_REQUIRED) {
  console.warn(
    `skipping the MLS vector tests: no vectors at ${VECTORS_DIR}; set MLSKIT_REQUIRE_SERVICES=1 to fail instead`,
  )
}

/** Whether the vector tests run: the vectors are there, or they are required (and then fail). */
export const VECTOR_TESTS_RUN = present || VECTORS_REQUIRED

/** `describe` when the vector tests run, `describe.skip` otherwise (the reason is printed). */
export function describeWithVectors(name: string, body: () => void): void {
  if (VECTOR_TESTS_RUN) describe(name, body)
  else describe.skip(name, body)
}

/** Parse one vector file; throws, naming the directory, when the vectors are absent. */
export function readVectors<T>(file: string): T {
  if (!present) {
    throw new Error(
      `MLS test vectors are required (MLSKIT_REQUIRE_SERVICES=1) but ${VECTORS_DIR} does not exist`,
    )
  }
  return JSON.parse(readFileSync(join(VECTORS_DIR, file), "utf8")) as T
}

export const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"))
