/**
 * Opens a store file safely: inspects it read-only first (not a database,
 * corrupt, another application's, newer schema: fail and write nothing), then
 * sets WAL, synchronous=FULL and foreign keys (the busy timeout is set at
 * connect), then applies pending migrations in one IMMEDIATE transaction.
 * The file holds sealed secrets and token hashes: it is created with mode
 * 0600 (its -wal and -shm files inherit that mode from SQLite), and a file
 * left readable by others by an older release is narrowed to its owner.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { StorageError } from "@mlskit/core"
import Database from "better-sqlite3"
import { APPLICATION_ID, MIGRATIONS, type Migration } from "./migrations.js"
import { toStorageError } from "./sqlite-errors.js"

/** How to open a store file. */
export interface OpenDatabaseOptions {
  busyTimeoutMs: number
  /** Run `PRAGMA quick_check` before using the file. */
  checkIntegrity: boolean
  /** The schema to migrate to (tests pass their own list). */
  migrations?: readonly Migration[]
}

/** A connection ready for the store, its schema at the last migration's version. */
export function openDatabase(path: string, options: OpenDatabaseOptions): Database.Database {
  const migrations = options.migrations ?? MIGRATIONS
  let db: Database.Database
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    // Create the file ourselves so it is never readable by others, not even briefly.
    closeSync(openSync(path, "a", 0o600))
    db = new Database(path, { timeout: options.busyTimeoutMs })
  } catch (error) {
    throw toStorageError(error, `open ${path}`)
  }
  try {
    inspect(db, path, migrations.length, options.checkIntegrity)
    restrictToOwner(path)
    configure(db, path)
    migrate(db, path, migrations)
    return db
  } catch (error) {
    db.close()
    throw toStorageError(error, `open ${path}`)
  }
}

/** Reads the header and schema without writing; throws if the file is not ours to use. */
function inspect(db: Database.Database, path: string, latest: number, checkIntegrity: boolean) {
  const applicationId = readInteger(db, "application_id")
  const version = readInteger(db, "user_version")
  const tables = db
    .prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")
    .get()?.n
  if (applicationId !== APPLICATION_ID && (applicationId !== 0 || version !== 0 || tables !== 0)) {
    throw new StorageError(`sqlite: ${path} is not an mlskit store (it holds other data)`)
  }
  if (version > latest) throw newerSchema(path, version, latest)
  if (checkIntegrity) {
    const problems = db.prepare<[], { quick_check: string }>("PRAGMA quick_check(3)").all()
    if (problems.length !== 1 || problems[0]?.quick_check !== "ok") {
      throw new StorageError(`sqlite: ${path} failed its integrity check: the file is corrupt`)
    }
  }
}

/**
 * Removes group and other permissions from the store file and any -wal and
 * -shm files we own: SQLite gives new -wal and -shm files the database
 * file's mode, so a narrowed file keeps its companions private too.
 */
function restrictToOwner(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    let stat: ReturnType<typeof statSync>
    try {
      stat = statSync(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue
      throw error
    }
    const owned = typeof process.getuid !== "function" || stat.uid === process.getuid()
    if (owned && (stat.mode & 0o077) !== 0) chmodSync(file, stat.mode & 0o700)
  }
}

/** Largest size the WAL file keeps after a checkpoint. */
const WAL_SIZE_LIMIT_BYTES = 8 * 1024 * 1024

/** Per-connection settings and the persistent WAL journal mode. */
function configure(db: Database.Database, path: string): void {
  const mode = db.pragma("journal_mode = WAL", { simple: true })
  if (mode !== "wal")
    throw new StorageError(`sqlite: ${path} cannot use WAL (journal mode ${mode})`)
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power
  // loss, and a lost group state write means reusing a key after restart.
  db.pragma("synchronous = FULL")
  db.pragma("foreign_keys = ON")
  // Truncate the WAL file back to this size after each checkpoint.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
}

/** Applies the pending migrations and stamps the file, all in one transaction. */
function migrate(db: Database.Database, path: string, migrations: readonly Migration[]): void {
  const latest = migrations.length
  if (readInteger(db, "user_version") === latest) return
  db.transaction(() => {
    const current = readInteger(db, "user_version")
    if (current > latest) throw newerSchema(path, current, latest)
    for (const migration of migrations) {
      if (migration.version > current) db.exec(migration.sql)
    }
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.pragma(`user_version = ${latest}`)
  }).immediate()
}

function readInteger(db: Database.Database, pragma: "application_id" | "user_version"): number {
  return db.pragma(pragma, { simple: true }) as number
}

function newerSchema(path: string, version: number, latest: number): StorageError {
  return new StorageError(
    `sqlite: ${path} has schema version ${version}, newer than version ${latest} of this ` +
      "@mlskit/store-sqlite; upgrade the package (the file was left unchanged)",
  )
}
