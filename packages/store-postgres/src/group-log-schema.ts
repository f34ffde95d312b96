/**
 * The tables of the group log (`@mlskit/delivery`) in a store schema,
 * applied by migration 2: each group's head (last seq and how far retention
 * has trimmed; appends lock it, so seqs are gapless), its entries, and the
 * epoch fence, which keeps each epoch's live winning commit after retention
 * has deleted the entry. The fence's primary key (group, epoch) holds even
 * if a writer skipped the head lock: a second live commit for an epoch
 * cannot be stored.
 */
import type { TableNames } from "./sql-names.js"

/** The SQL of the migration that adds the group log tables. */
export function groupLogTablesSql(t: TableNames): string {
  return `
    CREATE TABLE ${t.logHeads} (
      group_key text COLLATE "C" PRIMARY KEY,
      last_seq bigint NOT NULL CHECK (last_seq >= 0),
      trimmed_through bigint NOT NULL CHECK (trimmed_through >= 0 AND trimmed_through <= last_seq)
    );
    CREATE TABLE ${t.logEntries} (
      group_key text COLLATE "C" NOT NULL REFERENCES ${t.logHeads} (group_key),
      seq bigint NOT NULL CHECK (seq >= 1),
      kind text NOT NULL CHECK (kind IN ('commit', 'proposal', 'application')),
      epoch bigint NOT NULL CHECK (epoch >= 0),
      message bytea NOT NULL,
      dedupe_id text COLLATE "C" NOT NULL,
      time bigint NOT NULL,
      voided boolean NOT NULL DEFAULT false,
      PRIMARY KEY (group_key, seq),
      UNIQUE (group_key, dedupe_id)
    );
    -- ciphertext does not compress: store it out of line without trying
    ALTER TABLE ${t.logEntries} ALTER COLUMN message SET STORAGE EXTERNAL;
    CREATE TABLE ${t.logFence} (
      group_key text COLLATE "C" NOT NULL REFERENCES ${t.logHeads} (group_key),
      epoch bigint NOT NULL CHECK (epoch >= 0),
      seq bigint NOT NULL CHECK (seq >= 1),
      dedupe_id text COLLATE "C" NOT NULL,
      PRIMARY KEY (group_key, epoch),
      UNIQUE (group_key, dedupe_id)
    );
  `
}
