/**
 * The tables of the Delivery Service's store (`DeliveryStore` of
 * `@mlskit/delivery`) in a store schema, applied by migration 3: each
 * hosted identity's inbox head (the cursor counter; an append holds its row
 * lock until commit, so one identity's cursors commit in order) and
 * entries, a claim mark on key packages, and an index to find the local
 * groups of an MLS group id. Entries go with their identity (cascade); the
 * head row stays, so a cursor is never reused.
 */
import type { TableNames } from "./sql-names.js"

/** The SQL of the migration that adds the delivery tables. */
export function deliveryTablesSql(t: TableNames): string {
  return `
    CREATE TABLE ${t.inboxHeads} (
      identity_id text COLLATE "C" PRIMARY KEY,
      last_cursor bigint NOT NULL CHECK (last_cursor >= 0)
    );
    CREATE TABLE ${t.inboxEntries} (
      identity_id text COLLATE "C" NOT NULL REFERENCES ${t.identities} (id) ON DELETE CASCADE,
      cursor bigint NOT NULL CHECK (cursor >= 1),
      group_id text COLLATE "C" NOT NULL,
      seq bigint NOT NULL CHECK (seq >= 0),
      part bigint NOT NULL CHECK (part >= 0),
      type text NOT NULL CHECK (length(type) BETWEEN 1 AND 32),
      epoch bigint NOT NULL CHECK (epoch >= 0),
      time bigint NOT NULL,
      payload bytea NOT NULL,
      PRIMARY KEY (identity_id, cursor),
      UNIQUE (identity_id, group_id, seq, part)
    );
    -- sealed payloads do not compress: store them out of line without trying
    ALTER TABLE ${t.inboxEntries} ALTER COLUMN payload SET STORAGE EXTERNAL;
    CREATE INDEX inbox_entries_by_time ON ${t.inboxEntries} (time);
    ALTER TABLE ${t.keyPackages} ADD COLUMN claimed_at bigint;
    CREATE INDEX key_packages_unclaimed ON ${t.keyPackages} (identity_id, created_at, ref)
      WHERE NOT last_resort AND claimed_at IS NULL;
    CREATE INDEX group_states_by_mls_group_id ON ${t.groupStates} (mls_group_id);
  `
}

/**
 * The SQL of the migration that adds Welcomes waiting for external
 * identities (one per identity and id, dropped with their identity by the
 * cascade; indexed by creation time for the age trim) and the roster
 * records of followed groups (one per MLS group id; `version` is the
 * compare-and-swap token an update names in its WHERE). Rosters name no
 * identity: their group may have no hosted member.
 */
export function welcomeRosterTablesSql(t: TableNames): string {
  return `
    CREATE TABLE ${t.welcomes} (
      identity_id text COLLATE "C" NOT NULL REFERENCES ${t.identities} (id) ON DELETE CASCADE,
      id text COLLATE "C" NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
      mls_group_id bytea NOT NULL,
      welcome bytea NOT NULL,
      created_at bigint NOT NULL CHECK (created_at >= 0),
      PRIMARY KEY (identity_id, id)
    );
    -- Welcomes are mostly HPKE ciphertext: store them out of line without trying to compress
    ALTER TABLE ${t.welcomes} ALTER COLUMN welcome SET STORAGE EXTERNAL;
    CREATE INDEX welcomes_by_created_at ON ${t.welcomes} (created_at);
    CREATE TABLE ${t.rosters} (
      mls_group_id bytea PRIMARY KEY,
      version bigint NOT NULL CHECK (version >= 1),
      state bytea NOT NULL,
      updated_at bigint NOT NULL
    );
  `
}
