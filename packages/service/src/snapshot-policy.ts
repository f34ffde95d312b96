/**
 * Whether and where the shutdown hook writes a snapshot, from `[shutdown]
 * snapshot` ("auto", "on" or "off"), `snapshot_dir` and the store driver.
 * A snapshot dumps the whole store: right for SQLite (one instance, one
 * file), wrong by default for PostgreSQL, where every replica would dump the
 * whole shared database at every rollout; back PostgreSQL up with its own
 * tools instead (pg_dump, base backups) or set `snapshot = "on"` on one
 * instance.
 */
import { join } from "node:path"
import type { ServiceConfig } from "./service-config.js"

/**
 * The directory the shutdown snapshot goes to, or "" for none. "on" writes
 * to `snapshot_dir` (default `<data_dir>/snapshots`); "auto" (the default)
 * does so on SQLite, on the memory store only when `snapshot_dir` is set,
 * and never on PostgreSQL.
 */
export function snapshotDirFor(config: Pick<ServiceConfig, "shutdown" | "storage">): string {
  const { snapshot, snapshotDir } = config.shutdown
  const fallback = join(config.storage.dataDir, "snapshots")
  if (snapshot === "off") return ""
  if (snapshot === "on") return snapshotDir || fallback
  switch (config.storage.driver) {
    case "sqlite":
      return snapshotDir || fallback
    case "memory":
      return snapshotDir
    case "postgres":
      return ""
  }
}
