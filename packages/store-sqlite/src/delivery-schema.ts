/**
 * The tables of the Delivery Service's store (`DeliveryStore` of
 * `@mlskit/delivery`) in a store file, applied by migration 3: each hosted
 * identity's inbox head (the cursor counter, taken under the write lock)
 * and entries, a claim mark on key packages, and an index to find the local
 * groups of an MLS group id. Entries go with their identity (cascade); the
 * head row stays, so a cursor is never reused.
 */

/** The SQL of the migration that adds the delivery tables. */
export const DELIVERY_TABLES_SQL = `
  CREATE TABLE inbox_heads (
    identity_id TEXT PRIMARY KEY,
    last_cursor INTEGER NOT NULL CHECK (last_cursor >= 0)
  ) STRICT;
  CREATE TABLE inbox_entries (
    identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    cursor INTEGER NOT NULL CHECK (cursor >= 1),
    group_id TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 0),
    part INTEGER NOT NULL CHECK (part >= 0),
    type TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 32),
    epoch INTEGER NOT NULL CHECK (epoch >= 0),
    time INTEGER NOT NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (identity_id, cursor),
    UNIQUE (identity_id, group_id, seq, part)
  ) STRICT;
  CREATE INDEX inbox_entries_by_time ON inbox_entries (time);
  ALTER TABLE key_packages ADD COLUMN claimed_at INTEGER;
  CREATE INDEX key_packages_unclaimed ON key_packages (identity_id, created_at, ref)
    WHERE last_resort = 0 AND claimed_at IS NULL;
  CREATE INDEX group_states_by_mls_group_id ON group_states (mls_group_id, id);
`

/**
 * The SQL of the migration that adds Welcomes waiting for external
 * identities (one per identity and id, dropped with their identity by the
 * cascade; indexed by creation time for the age trim) and the roster
 * records of followed groups (one per MLS group id; `version` is the
 * compare-and-swap token). Rosters name no identity: their group may have
 * no hosted member.
 */
export const WELCOME_ROSTER_TABLES_SQL = `
  CREATE TABLE welcomes (
    identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    id TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
    mls_group_id BLOB NOT NULL,
    welcome BLOB NOT NULL,
    created_at INTEGER NOT NULL CHECK (created_at >= 0),
    PRIMARY KEY (identity_id, id)
  ) STRICT;
  CREATE INDEX welcomes_by_created_at ON welcomes (created_at);
  CREATE TABLE rosters (
    mls_group_id BLOB PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version >= 1),
    state BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
`
