/**
 * The real stores the retry tests run on: in memory, SQLite in a temporary
 * directory, and PostgreSQL on a throwaway schema when the server answers
 * (see `postgres.ts` for skipping and MLSKIT_REQUIRE_SERVICES).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { InMemoryStore, type MlsStore } from "@mlskit/core"
import { openPostgresStore } from "@mlskit/store-postgres"
import { openSqliteStore } from "@mlskit/store-sqlite"
import { dropSchema, PG_URL, POSTGRES_TESTS_RUN, randomSchema } from "./postgres.js"

/** An open, empty store and how to dispose of it after closing. */
export interface OpenedStore {
  store: MlsStore
  cleanup(): Promise<void>
}

/** A named way to open an empty real store. */
export interface RealStore {
  name: string
  open(): Promise<OpenedStore>
}

/** Memory, SQLite and (when it runs) PostgreSQL. */
export const REAL_STORES: readonly RealStore[] = [
  { name: "memory", open: async () => ({ store: new InMemoryStore(), cleanup: async () => {} }) },
  {
    name: "SQLite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "mlskit-retries-"))
      return {
        store: await openSqliteStore({ path: join(dir, "mlskit.db") }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  },
  ...(POSTGRES_TESTS_RUN
    ? [
        {
          name: "PostgreSQL",
          async open() {
            const schema = randomSchema()
            return {
              store: await openPostgresStore({ connection: PG_URL, schema }),
              cleanup: () => dropSchema(schema),
            }
          },
        },
      ]
    : []),
]
