/**
 * Connection loss caused for real with pg_terminate_backend (only this
 * test's connections): a call in flight fails with a retryable StorageError,
 * an idle connection's failure is reported and not thrown, and the store
 * recovers by itself.
 */
import type { MlskitError } from "@mlskit/core"
import {
  expectMlskitError,
  fixtureBytes,
  groupFixture,
  identityFixture,
} from "@mlskit/core/testing"
import { afterEach, expect, it } from "vitest"
import { openPostgresStore, type PostgresStore } from "../src/index.js"
import { tableNames } from "../src/sql-names.js"
import {
  admin,
  describeWithPostgres,
  dropSchema,
  eventually,
  PG_URL,
  randomApplicationName,
  randomSchema,
  terminateBackends,
} from "./pg-service.js"

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A store whose connections carry a unique application_name, with one group at version 1. */
async function storeWithGroup(onIdleError?: (error: MlskitError) => void) {
  const schema = randomSchema()
  const applicationName = randomApplicationName()
  const store: PostgresStore = await openPostgresStore({
    connection: { connectionString: PG_URL, application_name: applicationName },
    schema,
    ...(onIdleError === undefined ? {} : { onIdleError }),
  })
  cleanups.push(() => dropSchema(schema))
  cleanups.push(() => store.close())
  await store.createIdentity(identityFixture("alice"))
  const group = await store.createGroup(groupFixture("alice", "alice.g"))
  return { store, schema, applicationName, group }
}

describeWithPostgres("when the server terminates the store's connections", () => {
  it("fails a call in flight with a retryable StorageError, then the next call succeeds", async () => {
    const { store, schema, applicationName, group } = await storeWithGroup()
    const locker = await admin().connect()
    cleanups.push(async () => locker.release())
    await locker.query("BEGIN")
    await locker.query(`SELECT 1 FROM ${tableNames(schema).groupStates} WHERE id = $1 FOR UPDATE`, [
      "alice.g",
    ])
    const update = { epoch: 1, state: fixtureBytes(1) }
    const blocked = store.updateGroup("alice.g", 1, update)
    // It rejects as soon as its backend is terminated, before the assertion below awaits it.
    blocked.catch(() => undefined)
    await eventually(async () => {
      const { rows } = await admin().query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [applicationName],
      )
      return rows.length === 1
    })

    expect(await terminateBackends(applicationName)).toBeGreaterThanOrEqual(1)
    const error = await expectMlskitError(blocked, "STORAGE_ERROR")
    expect(error.retryable).toBe(true)
    await locker.query("ROLLBACK")

    expect(await store.getGroup("alice.g")).toStrictEqual(group)
    expect((await store.updateGroup("alice.g", 1, update)).version).toBe(2)
  })

  it("reports an idle connection's failure to onIdleError instead of crashing, and carries on", async () => {
    const reported: MlskitError[] = []
    const { store, applicationName, group } = await storeWithGroup((error) => reported.push(error))
    expect(await terminateBackends(applicationName)).toBeGreaterThanOrEqual(1)
    await eventually(async () => reported.length > 0)

    expect(reported[0]).toMatchObject({ code: "STORAGE_ERROR", retryable: true })
    expect(await store.getGroup("alice.g")).toStrictEqual(group)
    expect(
      (await store.updateGroup("alice.g", 1, { epoch: 1, state: fixtureBytes(1) })).version,
    ).toBe(2)
  })
})

it("fails with a retryable StorageError when no server listens, and names no password", async () => {
  const error = await expectMlskitError(
    openPostgresStore({ connection: "postgres://user:secret@127.0.0.1:1/none", schema: "x" }),
    "STORAGE_ERROR",
  )
  expect(error.retryable).toBe(true)
  expect(error.message).not.toContain("secret")
})
