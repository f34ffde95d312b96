/** Quoted, schema-qualified names of the store's tables, built once from the schema option. */
import { createHash } from "node:crypto"
import { InvalidInputError } from "@mlskit/core"

/** The tables of one store schema, ready to splice into SQL. */
export interface TableNames {
  schema: string
  identities: string
  keyPackages: string
  groupStates: string
  migrations: string
  logHeads: string
  logEntries: string
  logFence: string
  inboxHeads: string
  inboxEntries: string
  welcomes: string
  rosters: string
}

/** A PostgreSQL identifier in double quotes (embedded quotes doubled). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** The quoted table names of `schema`; InvalidInputError for an empty or over-long name. */
export function tableNames(schema: string): TableNames {
  if (schema.length === 0 || Buffer.byteLength(schema) > 63 || schema.includes("\0")) {
    throw new InvalidInputError("postgres: schema must be 1 to 63 bytes without NUL")
  }
  const s = quoteIdentifier(schema)
  return {
    schema: s,
    identities: `${s}.identities`,
    keyPackages: `${s}.key_packages`,
    groupStates: `${s}.group_states`,
    migrations: `${s}.mlskit_schema_migrations`,
    logHeads: `${s}.log_heads`,
    logEntries: `${s}.log_entries`,
    logFence: `${s}.log_fence`,
    inboxHeads: `${s}.inbox_heads`,
    inboxEntries: `${s}.inbox_entries`,
    welcomes: `${s}.welcomes`,
    rosters: `${s}.rosters`,
  }
}

/** The advisory lock key that serializes migrations of one schema (a signed 64-bit integer). */
export function migrationLockKey(schema: string): string {
  return createHash("sha256")
    .update(`mlskit:migrate:${schema}`)
    .digest()
    .readBigInt64BE(0)
    .toString()
}
