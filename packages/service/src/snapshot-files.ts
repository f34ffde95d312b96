/**
 * Snapshot files in a directory: each written whole under a temporary name
 * and renamed into place (a crash never leaves a half-written snapshot under
 * a snapshot's name), named by creation time so that names sort oldest
 * first, and pruned to the newest `keep` after each write. Other files in
 * the directory are never touched.
 */
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"

/** Snapshots kept when `[shutdown] snapshot_keep` is not set. */
export const DEFAULT_SNAPSHOT_KEEP = 5

const PREFIX = "mlskit-snapshot-"
const SUFFIX = ".bin"
const SNAPSHOT_NAME = /^mlskit-snapshot-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.bin$/

/** The file name of a snapshot taken at `at`, e.g. `mlskit-snapshot-2026-12-02T04-30-00-000Z.bin`. */
export function snapshotFileName(at: Date): string {
  return `${PREFIX}${at.toISOString().replace(/[:.]/g, "-")}${SUFFIX}`
}

/** The snapshot files in `dir`, oldest first. */
export async function listSnapshotFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir)
  return names.filter((n) => SNAPSHOT_NAME.test(n)).sort()
}

/**
 * Write `bytes` as a new snapshot in `dir` (created with mode 0700 when
 * missing; the file gets 0600), then delete all but the newest `keep`
 * snapshots. Returns the new file and the files deleted.
 */
export async function writeSnapshotFile(
  dir: string,
  bytes: Uint8Array,
  keep: number,
  at: Date = new Date(),
): Promise<{ file: string; removed: string[] }> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, snapshotFileName(at))
  const partial = `${file}.partial`
  await writeFile(partial, bytes, { mode: 0o600 })
  await rename(partial, file)
  const existing = await listSnapshotFiles(dir)
  const removed = existing.slice(0, Math.max(0, existing.length - keep)).map((n) => join(dir, n))
  for (const old of removed) await rm(old, { force: true })
  return { file, removed }
}
