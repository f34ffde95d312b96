/**
 * Directories the service writes to, checked at start: a read-only root
 * file system or a missing volume is found before serving, with a
 * ConfigError naming the key and the path, instead of failing later (the
 * shutdown snapshot used to fail at exit with nothing but exit code 1).
 * A directory counts as writable when it exists or can be created and a
 * file can be created in it and removed again: the operation itself, so a
 * read-only mount, a path under a regular file or a full quota all fail,
 * whoever the process runs as (root ignores file modes, not these).
 */
import { randomBytes } from "node:crypto"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { ConfigError } from "@mlskit/core"

/** A directory the service will write to, and the config key that chose it. */
export interface WritableDir {
  key: string
  dir: string
  /** What goes there, for the error message. */
  purpose: string
}

/** Throw a ConfigError naming `key` and `dir` unless `dir` can be created and written. */
export function checkWritableDir({ key, dir, purpose }: WritableDir): void {
  const probe = join(dir, `.mlskit-write-check-${process.pid}-${randomBytes(4).toString("hex")}`)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeFileSync(probe, "", { flag: "wx", mode: 0o600 })
    rmSync(probe)
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? "error"
    throw new ConfigError(
      key,
      `${dir} is not writable (${reason}); ${purpose} goes there: mount a writable volume there or set ${key} to a writable path`,
      { cause },
    )
  }
}

/** Check every directory in `dirs`, in order; the first that fails throws. */
export function checkWritableDirs(dirs: readonly WritableDir[]): void {
  for (const dir of dirs) checkWritableDir(dir)
}
