/**
 * The versioned schema of the SQLite store. A file's version lives in
 * `PRAGMA user_version`; `application_id` marks the file as mlskit's. Append
 * new migrations; never edit one that has shipped.
 */
import { DELIVERY_TABLES_SQL, WELCOME_ROSTER_TABLES_SQL } from "./delivery-schema.js"
import { GROUP_LOG_TABLES_SQL } from "./group-log-schema.js"

/** "MLSK" as a 32-bit integer: identifies an mlskit store file. */
export const APPLICATION_ID = 0x4d4c534b

/** One forward-only schema change. */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** Every migration, in order; the last one's version is the current schema version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "identities, key packages and group states",
    sql: `
      CREATE TABLE identities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        ciphersuite TEXT NOT NULL,
        signature_public_key BLOB NOT NULL,
        sealed_signature_key BLOB NOT NULL,
        metadata TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE key_packages (
        ref TEXT PRIMARY KEY,
        identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
        key_package BLOB NOT NULL,
        sealed_private_keys BLOB NOT NULL,
        last_resort INTEGER NOT NULL CHECK (last_resort IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX key_packages_by_identity ON key_packages (identity_id, ref);
      CREATE TABLE group_states (
        id TEXT PRIMARY KEY,
        identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
        mls_group_id BLOB NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        epoch INTEGER NOT NULL,
        state BLOB NOT NULL,
        metadata TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX group_states_by_identity ON group_states (identity_id, id);
    `,
  },
  { version: 2, name: "group log: heads, entries and the epoch fence", sql: GROUP_LOG_TABLES_SQL },
  {
    version: 3,
    name: "delivery: inboxes, key package claims, groups by MLS group id",
    sql: DELIVERY_TABLES_SQL,
  },
  {
    version: 4,
    name: "delivery: Welcomes of external identities, rosters of followed groups",
    sql: WELCOME_ROSTER_TABLES_SQL,
  },
]

/** The schema version this build writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length
