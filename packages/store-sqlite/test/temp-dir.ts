/** Temporary directories for store files, removed after the test run. */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"

const root = mkdtempSync(join(tmpdir(), "mlskit-store-sqlite-"))
let counter = 0

afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A path for a new database file that does not exist yet. */
export function freshDatabasePath(): string {
  counter += 1
  return join(root, `store-${counter}`, "mlskit.db")
}
