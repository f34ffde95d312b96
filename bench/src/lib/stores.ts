/**
 * The three stores the store benchmarks compare, each opened fresh: the
 * in-memory store, SQLite in a temporary directory on disk (WAL,
 * synchronous=FULL), and PostgreSQL in a schema of its own that is dropped
 * on close. PostgreSQL is skipped, with a note, when it is unreachable or
 * @mlskit/store-postgres does not load.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { InMemoryStore, type MlsStore } from "@mlskit/core"
import { openSqliteStore } from "@mlskit/store-sqlite"
import pg from "pg"

/** Which store. */
export type StoreKind = "memory" | "sqlite" | "postgres"

/** An open store with how it is configured and how to dispose of it. */
export interface OpenedStore {
  kind: StoreKind
  store: MlsStore
  /** Durability settings as read back from the store. */
  settings: string
  /** The database file, for stores that have one. */
  file?: string
  close(): Promise<void>
}

/** Every store kind, in table order. */
export const STORE_KINDS: readonly StoreKind[] = ["memory", "sqlite", "postgres"]

/** Open a fresh store of `kind`; undefined (with a reason) when it is unavailable. */
export async function openStore(
  kind: StoreKind,
  postgresUrl: string,
): Promise<{ opened: OpenedStore } | { skipped: string }> {
  if (kind === "memory") {
    return {
      opened: {
        kind,
        store: new InMemoryStore(),
        settings: "process memory",
        close: async () => {},
      },
    }
  }
  if (kind === "sqlite") return { opened: await openSqlite() }
  return openPostgres(postgresUrl)
}

async function openSqlite(): Promise<OpenedStore> {
  const dir = await mkdtemp(join(tmpdir(), "mlskit-bench-"))
  const file = join(dir, "bench.db")
  const store = await openSqliteStore({ path: file })
  const d = store.diagnostics()
  const sync = ["OFF", "NORMAL", "FULL", "EXTRA"][d.synchronous] ?? String(d.synchronous)
  return {
    kind: "sqlite",
    store,
    file,
    settings: `journal_mode=${d.journalMode}, synchronous=${sync}, file in ${dir}`,
    async close() {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function openPostgres(url: string): Promise<{ opened: OpenedStore } | { skipped: string }> {
  let mod: typeof import("@mlskit/store-postgres")
  try {
    mod = await import("@mlskit/store-postgres")
  } catch (error) {
    return { skipped: `@mlskit/store-postgres does not load (${describe(error)})` }
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 })
  pool.on("error", () => {})
  let settings: string
  try {
    const rows = await pool.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method')",
    )
    settings = rows.rows.map((r) => `${r.name}=${r.setting}`).join(", ")
  } catch (error) {
    await pool.end().catch(() => {})
    return { skipped: `PostgreSQL unreachable at ${redact(url)} (${describe(error)})` }
  }
  const schema = `mlskit_bench_${process.pid}_${Date.now()}`
  try {
    const store = await mod.openPostgresStore({ pool, schema })
    return {
      opened: {
        kind: "postgres",
        store,
        settings: `${settings}, schema ${schema} (dropped afterwards)`,
        async close() {
          await store.close()
          await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          await pool.end()
        },
      },
    }
  } catch (error) {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {})
    await pool.end().catch(() => {})
    return { skipped: `@mlskit/store-postgres failed to open (${describe(error)})` }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")
}
