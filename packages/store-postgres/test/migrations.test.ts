/** Schema migrations: one transaction, an advisory lock against concurrent starts, no downgrade. */
import {
  expectMlskitError,
  groupFixture,
  identityFixture,
  keyPackageFixture,
} from "@mlskit/core/testing"
import { applicationMessage, testGroupId } from "@mlskit/delivery/testing"
import pg from "pg"
import { afterEach, expect, it } from "vitest"
import { openPostgresStore, PostgresStore, SCHEMA_VERSION } from "../src/index.js"
import { MIGRATIONS, migrate } from "../src/migrations.js"
import { quoteIdentifier, tableNames } from "../src/sql-names.js"
import { admin, describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

const schemas: string[] = []
const stores: PostgresStore[] = []

function newSchema(name = randomSchema()): string {
  schemas.push(name)
  return name
}

async function open(schema: string): Promise<PostgresStore> {
  const store = await openPostgresStore({ connection: PG_URL, schema })
  stores.push(store)
  return store
}

async function appliedVersions(schema: string): Promise<number[]> {
  const { rows } = await admin().query<{ version: number }>(
    `SELECT version FROM ${tableNames(schema).migrations} ORDER BY version`,
  )
  return rows.map((r) => r.version)
}

async function tablesOf(schema: string): Promise<string[]> {
  const { rows } = await admin().query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
    [schema],
  )
  return rows.map((r) => r.table_name)
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const schema of schemas.splice(0)) await dropSchema(schema)
})

describeWithPostgres("schema migrations", () => {
  it("creates a missing schema with its tables and records every migration", async () => {
    const schema = newSchema()
    await open(schema)
    expect(await tablesOf(schema)).toStrictEqual([
      "group_states",
      "identities",
      "inbox_entries",
      "inbox_heads",
      "key_packages",
      "log_entries",
      "log_fence",
      "log_heads",
      "mlskit_schema_migrations",
      "rosters",
      "welcomes",
    ])
    expect(await appliedVersions(schema)).toStrictEqual(MIGRATIONS.map((m) => m.version))
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })

  it("upgrades a version 1 schema to the group log tables and keeps its data", async () => {
    const schema = newSchema()
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
    try {
      await migrate(pool, schema, tableNames(schema), MIGRATIONS.slice(0, 1))
      await new PostgresStore({ pool, schema }).createIdentity(identityFixture("alice"))
    } finally {
      await pool.end()
    }
    expect(await tablesOf(schema)).not.toContain("log_entries")
    const store = await open(schema)
    expect(await appliedVersions(schema)).toStrictEqual(MIGRATIONS.map((m) => m.version))
    expect(await store.getIdentity("alice")).toStrictEqual(identityFixture("alice"))
    const log = store.groupLog()
    const g = testGroupId(1)
    expect((await log.append(g, applicationMessage(g, 0))).seq).toBe(1)
  })

  it("upgrades a version 2 schema to the delivery tables: its key packages unclaimed, its groups found", async () => {
    const schema = newSchema()
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
    const group = groupFixture("alice", "alice.group")
    try {
      await migrate(pool, schema, tableNames(schema), MIGRATIONS.slice(0, 2))
      const v2 = new PostgresStore({ pool, schema })
      await v2.createIdentity(identityFixture("alice"))
      await v2.addKeyPackages([keyPackageFixture("alice", "0a")])
      await v2.createGroup(group)
    } finally {
      await pool.end()
    }
    expect(await tablesOf(schema)).not.toContain("inbox_entries")
    const store = await open(schema)
    expect(await appliedVersions(schema)).toStrictEqual(MIGRATIONS.map((m) => m.version))
    const delivery = store.deliveryStore()
    expect(await delivery.keyPackageStock("alice")).toEqual({ unclaimed: 1, lastResort: false })
    expect(await delivery.listHostedMembers(group.mlsGroupId)).toEqual([
      { groupId: "alice.group", identityId: "alice" },
    ])
    expect(await delivery.claimKeyPackage("alice", 1)).toStrictEqual(
      keyPackageFixture("alice", "0a"),
    )
    expect((await store.consumeKeyPackage("0a"))?.ref).toBe("0a")
  })

  it("upgrades a version 3 schema to the Welcome and roster tables and keeps its inbox", async () => {
    const schema = newSchema()
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
    const entry = {
      identityId: "alice",
      groupId: "alice.group",
      seq: 1,
      part: 0,
      type: "message",
      epoch: 0,
      time: 5,
      payload: new Uint8Array([7]),
    }
    try {
      await migrate(pool, schema, tableNames(schema), MIGRATIONS.slice(0, 3))
      const v3 = new PostgresStore({ pool, schema })
      await v3.createIdentity(identityFixture("alice"))
      await v3.deliveryStore().appendInbox(entry)
    } finally {
      await pool.end()
    }
    expect(await tablesOf(schema)).not.toContain("welcomes")
    expect(await tablesOf(schema)).not.toContain("rosters")
    const store = await open(schema)
    expect(await appliedVersions(schema)).toStrictEqual([1, 2, 3, 4])
    const delivery = store.deliveryStore()
    expect(await delivery.readInbox("alice")).toStrictEqual([{ cursor: 1, ...entry }])
    const welcome = {
      id: "w1",
      identityId: "alice",
      mlsGroupId: new Uint8Array([1, 2]),
      welcome: new Uint8Array([3]),
      createdAt: 9,
    }
    expect(await delivery.putWelcome(welcome)).toEqual({ duplicate: false })
    expect(await delivery.listWelcomes("alice")).toStrictEqual([welcome])
    const roster = await delivery.createRoster(new Uint8Array([1, 2]), new Uint8Array([4]), 9)
    const updated = await delivery.updateRoster(roster.mlsGroupId, 1, new Uint8Array([5]), 10)
    expect(updated.version).toBe(2)
  })

  it("applies each migration exactly once when six instances open a new schema at once", async () => {
    const schema = newSchema()
    const opened = await Promise.all(Array.from({ length: 6 }, () => open(schema)))
    expect(opened).toHaveLength(6)
    expect(await appliedVersions(schema)).toStrictEqual(MIGRATIONS.map((m) => m.version))
    await opened[0]?.createIdentity(identityFixture("alice"))
    expect(await opened[5]?.getIdentity("alice")).toStrictEqual(identityFixture("alice"))
  })

  it("refuses a schema written by a newer release and changes nothing", async () => {
    const schema = newSchema()
    const store = await open(schema)
    await store.createIdentity(identityFixture("alice"))
    await admin().query(
      `INSERT INTO ${tableNames(schema).migrations} (version, name) VALUES ($1, 'future')`,
      [SCHEMA_VERSION + 1],
    )
    const error = await expectMlskitError(open(schema), "STORAGE_ERROR")
    expect(error.message).toMatch(
      `has version ${SCHEMA_VERSION + 1}, newer than version ${SCHEMA_VERSION}`,
    )
    expect(error.retryable).toBe(false)
    expect(await appliedVersions(schema)).toStrictEqual([
      ...MIGRATIONS.map((m) => m.version),
      SCHEMA_VERSION + 1,
    ])
    expect(await store.getIdentity("alice")).toStrictEqual(identityFixture("alice"))
  })

  it("rolls back a failing migration entirely, leaving the earlier version in place", async () => {
    const schema = newSchema()
    await open(schema)
    const t = tableNames(schema)
    const broken = {
      version: SCHEMA_VERSION + 1,
      name: "broken",
      sql: () => `CREATE TABLE ${t.schema}.half_done (x integer); SELECT no_such_function()`,
    }
    const pool = new pg.Pool({ connectionString: PG_URL })
    try {
      await expectMlskitError(migrate(pool, schema, t, [...MIGRATIONS, broken]), "STORAGE_ERROR")
    } finally {
      await pool.end()
    }
    expect(await tablesOf(schema)).not.toContain("half_done")
    expect(await appliedVersions(schema)).toStrictEqual(MIGRATIONS.map((m) => m.version))
  })

  it("quotes the schema name, so any name works and none is SQL", async () => {
    const schema = newSchema(`mlskit "Quoted"; DROP TABLE x; ${randomSchema()}`)
    const store = await open(schema)
    await store.createIdentity(identityFixture("alice"))
    expect(await store.listIdentities()).toStrictEqual([identityFixture("alice")])
    expect(await tablesOf(schema)).toContain("identities")
    expect(quoteIdentifier('a"b')).toBe('"a""b"')
  })

  it("uses a pool it is given and leaves it open on close", async () => {
    const schema = newSchema()
    const pool = new pg.Pool({ connectionString: PG_URL })
    try {
      const store = await openPostgresStore({ pool, schema })
      await store.createIdentity(identityFixture("alice"))
      await store.close()
      await expectMlskitError(store.listIdentities(), "STORAGE_ERROR")
      const { rows } = await pool.query(`SELECT id FROM ${tableNames(schema).identities}`)
      expect(rows).toStrictEqual([{ id: "alice" }])
    } finally {
      await pool.end()
    }
  })

  it("rejects options with neither a pool nor a connection", () => {
    expect(() => new PostgresStore({ schema: "x" })).toThrow(/either pool or connection/)
  })
})
