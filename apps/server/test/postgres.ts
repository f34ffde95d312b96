/**
 * PostgreSQL for the server's multi-instance tests: whether the server under
 * test answers, throwaway schemas and dropping them. Without a server the
 * suites are skipped with a printed reason, unless MLSKIT_REQUIRE_SERVICES=1
 * makes them fail instead.
 */
import { postgresUnreachable, randomSchemaName, TEST_PG_URL } from "@mlskit/store-postgres/testing"
import pg from "pg"
import { describe } from "vitest"

/** Connection string of the server under test. */
export const PG_URL = TEST_PG_URL

const required = process.env.MLSKIT_REQUIRE_SERVICES === "1"
const unreachable = await postgresUnreachable()
if (unreachable !== undefined && !required) {
  console.warn(
    `skipping the server's PostgreSQL tests: ${unreachable}; set MLSKIT_REQUIRE_SERVICES=1 to fail instead`,
  )
}

/** `describe` when PostgreSQL answers (or is required, and then fails), `describe.skip` otherwise. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (unreachable === undefined || required) describe(name, body)
  else describe.skip(name, body)
}

/** A schema name no other run uses. */
export const randomSchema = (): string => randomSchemaName("mlskit_server_test")

/** Drops a schema created by a test, with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 1 })
  pool.on("error", () => undefined)
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`)
  } finally {
    await pool.end()
  }
}
