/**
 * Shutdown snapshots: the snapshot directory keeps the newest
 * `[shutdown] snapshot_keep` files and nothing else of the service's; a
 * shared PostgreSQL store is dumped only when `[shutdown] snapshot = "on"`
 * says so, never by default.
 */
import { randomBytes } from "node:crypto"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { generateStateKey, InMemoryStore, importSnapshot } from "@mlskit/core"
import { afterAll, describe, expect, it } from "vitest"
import {
  loadServiceConfig,
  snapshotFileName,
  startMlsService,
  writeSnapshotFile,
} from "../src/index.js"
import { dropSchema, PG_URL, POSTGRES_TESTS_RUN, randomSchema } from "./postgres.js"

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-snapshots-"))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Start a service from `toml` plus a fixed state key, create one identity, and shut it down. */
async function runOnce(toml: string, stateKey: string, name: string): Promise<void> {
  const config = loadServiceConfig({
    env: {},
    toml: `${toml}\n[logging]\nlevel = "silent"\n`,
  })
  const service = await startMlsService(
    { ...config, storage: { ...config.storage, stateKey } },
    { processMetrics: false },
  )
  await service.createIdentity(name)
  const result = await service.shutdown.shutdown("test")
  expect(result.ok, JSON.stringify(result)).toBe(true)
}

const snapshotsIn = (dir: string) =>
  readdirSync(dir).filter((n) => n.startsWith("mlskit-snapshot-") && n.endsWith(".bin"))

describe("shutdown snapshot retention", () => {
  it("keeps the newest snapshot_keep snapshots of a SQLite store across restarts, and no other file is touched", async () => {
    const dataDir = tempDir()
    const snapshotDir = join(dataDir, "snapshots")
    const stateKey = generateStateKey()
    const toml = `[storage]\ndriver = "sqlite"\ndata_dir = ${JSON.stringify(dataDir)}\n[shutdown]\nsnapshot_keep = 2\n`
    await runOnce(toml, stateKey, "alice")
    writeFileSync(join(snapshotDir, "operator-notes.txt"), "keep me")
    await runOnce(toml, stateKey, "bob")
    await runOnce(toml, stateKey, "carol")

    const kept = snapshotsIn(snapshotDir).sort()
    expect(kept).toHaveLength(2)
    expect(readFileSync(join(snapshotDir, "operator-notes.txt"), "utf8")).toBe("keep me")
    const newest = kept[1] ?? ""
    const restored = new InMemoryStore()
    const summary = await importSnapshot(
      restored,
      stateKey,
      new Uint8Array(readFileSync(join(snapshotDir, newest))),
    )
    expect(summary.identities).toBe(3)
    const older = await importSnapshot(
      new InMemoryStore(),
      stateKey,
      new Uint8Array(readFileSync(join(snapshotDir, kept[0] ?? ""))),
    )
    expect(older.identities).toBe(2)
  })

  it("keeps 5 snapshots when snapshot_keep is not set", () => {
    expect(loadServiceConfig({ env: {} }).shutdown).toMatchObject({
      snapshot: "auto",
      snapshotKeep: 5,
    })
  })

  it("writeSnapshotFile deletes the oldest snapshots beyond keep and returns them", async () => {
    const dir = tempDir()
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 4, minute))
    for (let minute = 0; minute < 4; minute++) {
      await writeSnapshotFile(dir, randomBytes(8), 3, at(minute))
    }
    const last = await writeSnapshotFile(dir, randomBytes(8), 3, at(4))
    expect(last.removed).toEqual([join(dir, snapshotFileName(at(1)))])
    expect(snapshotsIn(dir).sort()).toEqual([2, 3, 4].map((m) => snapshotFileName(at(m))))
  })
})

describe.runIf(POSTGRES_TESTS_RUN)("shutdown snapshots on a shared PostgreSQL store", () => {
  const postgres = (schema: string, dataDir: string, shutdown = "") =>
    [
      "[storage]",
      'driver = "postgres"',
      `postgres_url = ${JSON.stringify(PG_URL)}`,
      `postgres_schema = ${JSON.stringify(schema)}`,
      `data_dir = ${JSON.stringify(dataDir)}`,
      "[shutdown]",
      shutdown,
    ].join("\n")

  it("writes no snapshot by default: replicas do not each dump the shared database", async () => {
    const schema = randomSchema()
    const dataDir = tempDir()
    try {
      await runOnce(postgres(schema, dataDir), generateStateKey(), "alice")
      expect(existsSync(join(dataDir, "snapshots"))).toBe(false)
      expect(readdirSync(dataDir)).toEqual([])
    } finally {
      await dropSchema(schema)
    }
  })

  it('writes one when told to with snapshot = "on"', async () => {
    const schema = randomSchema()
    const dataDir = tempDir()
    try {
      await runOnce(postgres(schema, dataDir, 'snapshot = "on"'), generateStateKey(), "alice")
      expect(snapshotsIn(join(dataDir, "snapshots"))).toHaveLength(1)
    } finally {
      await dropSchema(schema)
    }
  })
})
