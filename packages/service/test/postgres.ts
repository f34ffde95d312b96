/**
 * PostgreSQL for the service's fault tests: where the server is, whether it
 * answers, throwaway schemas, and services started on them by
 * `startMlsService` with `[storage] driver = "postgres"`. Without a server
 * the suites are skipped with a printed reason, unless
 * MLSKIT_REQUIRE_SERVICES=1 makes them fail instead.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type GroupRecord, generateStateKey, type LocalGroupId } from "@mlskit/core"
import { openPostgresStore } from "@mlskit/store-postgres"
import { postgresUnreachable, randomSchemaName, TEST_PG_URL } from "@mlskit/store-postgres/testing"
import pg from "pg"
import { afterAll } from "vitest"
import { loadServiceConfig, type MlsService, startMlsService } from "../src/index.js"

/** Connection string of the server under test. */
export const PG_URL = TEST_PG_URL

/** True when a missing service must fail the run rather than skip it. */
export const SERVICES_REQUIRED = process.env.MLSKIT_REQUIRE_SERVICES === "1"

const unreachable = await postgresUnreachable()
if (unreachable !== undefined && !SERVICES_REQUIRED) {
  console.warn(
    `skipping the service's PostgreSQL tests: ${unreachable}; set MLSKIT_REQUIRE_SERVICES=1 to fail instead`,
  )
}

/** Whether the PostgreSQL suites run: the server answers, or it is required (and they fail). */
export const POSTGRES_TESTS_RUN = unreachable === undefined || SERVICES_REQUIRED

/** A schema name no other run uses. */
export const randomSchema = (): string => randomSchemaName("mlskit_service_test")

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

/** The group record as stored, read through a store of its own (no service cache involved). */
export async function storedGroup(schema: string, groupId: LocalGroupId): Promise<GroupRecord> {
  const store = await openPostgresStore({ connection: PG_URL, schema })
  try {
    const record = await store.getGroup(groupId)
    if (record === undefined) throw new Error(`group ${groupId} is not stored`)
    return record
  } finally {
    await store.close()
  }
}

const dataDirs: string[] = []
afterAll(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A service from configuration, on `schema` of the test server, as an operator would start it. */
export function startPostgresService(
  schema: string,
  stateKey: string = generateStateKey(),
): Promise<MlsService> {
  const dataDir = mkdtempSync(join(tmpdir(), "mlskit-service-pg-"))
  dataDirs.push(dataDir)
  const config = loadServiceConfig({
    env: {},
    toml: [
      "[delivery]",
      'driver = "none"',
      "[storage]",
      'driver = "postgres"',
      `postgres_url = ${JSON.stringify(PG_URL)}`,
      `postgres_schema = ${JSON.stringify(schema)}`,
      `state_key = ${JSON.stringify(stateKey)}`,
      `data_dir = ${JSON.stringify(dataDir)}`,
      "[logging]",
      'level = "silent"',
    ].join("\n"),
  })
  return startMlsService(config, { processMetrics: false })
}

/** Shut a service down (snapshot, close the store); fails the test if shutdown failed. */
export async function stopService(service: MlsService): Promise<void> {
  const result = await service.shutdown.shutdown("test finished")
  if (!result.ok) throw new Error(`service shutdown failed: ${JSON.stringify(result)}`)
}
