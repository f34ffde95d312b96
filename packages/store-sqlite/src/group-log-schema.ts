/**
 * The tables of the group log (`@mlskit/delivery`) in a store file, applied
 * by migration 2: each group's head (last seq and how far retention has
 * trimmed), its entries, and the epoch fence, which keeps each epoch's live
 * winning commit after retention has deleted the entry itself.
 */

/** The SQL of the migration that adds the group log tables. */
export const GROUP_LOG_TABLES_SQL = `
  CREATE TABLE log_heads (
    group_key TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
    trimmed_through INTEGER NOT NULL CHECK (trimmed_through >= 0 AND trimmed_through <= last_seq)
  ) STRICT;
  CREATE TABLE log_entries (
    group_key TEXT NOT NULL REFERENCES log_heads (group_key),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('commit', 'proposal', 'application')),
    epoch INTEGER NOT NULL CHECK (epoch >= 0),
    message BLOB NOT NULL,
    dedupe_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    PRIMARY KEY (group_key, seq),
    UNIQUE (group_key, dedupe_id)
  ) STRICT;
  CREATE TABLE log_fence (
    group_key TEXT NOT NULL REFERENCES log_heads (group_key),
    epoch INTEGER NOT NULL CHECK (epoch >= 0),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    dedupe_id TEXT NOT NULL,
    PRIMARY KEY (group_key, epoch),
    UNIQUE (group_key, dedupe_id)
  ) STRICT;
`
