/**
 * The PostgreSQL service of the test run: where it is, whether it answers,
 * and throwaway schemas. Without a server the suites are skipped with a
 * printed reason, unless MLSKIT_REQUIRE_SERVICES=1 makes them fail instead.
 */
import { randomBytes } from "node:crypto"
import pg from "pg"
import { afterAll, describe } from "vitest"
import { postgresUnreachable, randomSchemaName, TEST_PG_URL } from "../src/testing/index.js"

/** Connection string of the server under test. */
export const PG_URL = TEST_PG_URL

/** True when a missing service must fail the run rather than skip it. */
export const SERVICES_REQUIRED = process.env.MLSKIT_REQUIRE_SERVICES === "1"

const unreachable = await postgresUnreachable()
if (unreachable !== undefined && !SERVICES_REQUIRED) {
  console.warn(
    `skipping PostgreSQL tests: ${unreachable}; set MLSKIT_REQUIRE_SERVICES=1 to fail instead`,
  )
}

/** Whether the PostgreSQL suites run: the server answers, or it is required (and they fail). */
export const POSTGRES_TESTS_RUN = unreachable === undefined || SERVICES_REQUIRED

/** `describe` when the PostgreSQL suites run, `describe.skip` otherwise (the reason is printed). */
export function describeWithPostgres(name: string, body: () => void): void {
  if (POSTGRES_TESTS_RUN) describe(name, body)
  else describe.skip(name, body)
}

/** A schema name no other run uses. */
export const randomSchema = (): string => randomSchemaName("mlskit_test")

/** A unique application_name, to find (and terminate) exactly this test's connections. */
export function randomApplicationName(): string {
  return `mlskit-test-${randomBytes(6).toString("hex")}`
}

let adminPool: pg.Pool | undefined

/** A pool for test bookkeeping (dropping schemas, terminating backends), ended after the file. */
export function admin(): pg.Pool {
  if (adminPool === undefined) {
    adminPool = new pg.Pool({ connectionString: PG_URL, max: 3 })
    adminPool.on("error", () => undefined)
  }
  return adminPool
}

afterAll(async () => {
  await adminPool?.end()
  adminPool = undefined
})

/** Drops a schema created by a test, with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  await admin().query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`)
}

/** Terminates every backend of `applicationName`; returns how many were terminated. */
export async function terminateBackends(applicationName: string): Promise<number> {
  const { rows } = await admin().query<{ terminated: boolean }>(
    "SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1",
    [applicationName],
  )
  return rows.filter((r) => r.terminated).length
}

/** Resolves once `condition` holds, checking every 20 ms (the test timeout bounds the wait). */
export async function eventually(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20))
}
