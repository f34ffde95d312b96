/**
 * One transaction on a pooled connection: BEGIN with the given mode, the
 * body, COMMIT; ROLLBACK when the body throws. A connection whose rollback
 * fails is handed back broken, so the pool discards it.
 */
import type { Pool, PoolClient } from "pg"
import { toStorageError } from "./pg-errors.js"

/** Runs `body` in one transaction (`begin` is the BEGIN statement); errors become mlskit errors. */
export async function inTransaction<T>(
  pool: Pool,
  action: string,
  begin: string,
  body: (client: PoolClient) => Promise<T>,
): Promise<T> {
  let client: PoolClient
  try {
    client = await pool.connect()
  } catch (error) {
    throw toStorageError(error, `connect to ${action}`)
  }
  let broken: Error | undefined
  const stopWatching = watchCheckedOut(client, (error) => {
    broken = error
  })
  try {
    await client.query(begin)
    const result = await body(client)
    await client.query("COMMIT")
    return result
  } catch (error) {
    try {
      await client.query("ROLLBACK")
    } catch {
      broken = error instanceof Error ? error : new Error("rollback failed")
    }
    throw toStorageError(error, action)
  } finally {
    stopWatching()
    client.release(broken)
  }
}

/**
 * Listen for the connection errors of a client checked out of the pool. The
 * pool handles them for idle clients only: a connection reset while a
 * checked-out client waits between queries (PostgreSQL restarted, the
 * network cut) would otherwise be an unhandled 'error' event that ends the
 * process. The next query fails with the same error, and the client is
 * released as broken. Returns the function that stops listening.
 */
export function watchCheckedOut(client: PoolClient, onError: (error: Error) => void): () => void {
  client.on("error", onError)
  return () => client.off("error", onError)
}
