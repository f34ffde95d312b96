/**
 * Translation of better-sqlite3 failures into mlskit errors: lock contention
 * is retryable, everything else (corruption, I/O, full disk) is not.
 */
import { MlskitError, StorageError } from "@mlskit/core"

/** The extended SQLite result code of a better-sqlite3 error, if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined
}

/** True for SQLite codes that a later attempt can succeed on (another connection held a lock). */
export function isRetryableSqliteCode(code: string): boolean {
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")
}

/** `error` as an MlskitError: mlskit errors pass through, SQLite errors become StorageError. */
export function toStorageError(error: unknown, action: string): MlskitError {
  if (MlskitError.isInstance(error)) return error
  const code = sqliteCode(error)
  if (code === undefined) return new StorageError(`sqlite: ${action} failed`, { cause: error })
  if (code === "SQLITE_NOTADB") {
    return new StorageError(`sqlite: ${action} failed: the file is not a SQLite database`, {
      cause: error,
    })
  }
  if (code.startsWith("SQLITE_CORRUPT")) {
    return new StorageError(`sqlite: ${action} failed: the database file is corrupt`, {
      cause: error,
    })
  }
  return new StorageError(`sqlite: ${action} failed (${code})`, {
    cause: error,
    retryable: isRetryableSqliteCode(code),
  })
}
