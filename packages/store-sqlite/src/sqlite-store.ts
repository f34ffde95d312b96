/**
 * SqliteStore: the embedded, crash-safe MlsStore. One better-sqlite3
 * connection per store; every write is one IMMEDIATE transaction committed
 * with synchronous=FULL before the promise resolves.
 */
import {
  ConflictError,
  GroupNotFoundError,
  type GroupRecord,
  type GroupUpdate,
  type IdentityRecord,
  type KeyPackageRecord,
  type MlskitError,
  type MlsStore,
  NotFoundError,
  StorageError,
} from "@mlskit/core"
import type Database from "better-sqlite3"
import { openDatabase } from "./open-database.js"
import { groupFromRow, identityFromRow, keyPackageFromRow, metadataToText } from "./rows.js"
import { SqliteDeliveryStore } from "./sqlite-delivery-store.js"
import { sqliteCode, toStorageError } from "./sqlite-errors.js"
import { SqliteGroupLog, type SqliteGroupLogOptions } from "./sqlite-group-log.js"
import { prepareStatements, type Statements } from "./statements.js"

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** The database file (created with its parent directories if missing). */
  path: string
  /**
   * How long a write waits for another connection's lock before failing with
   * a retryable StorageError. Default 5000 ms.
   */
  busyTimeoutMs?: number
  /**
   * Check the file with `PRAGMA quick_check` when opening, so a damaged file
   * fails at start rather than mid-operation. Default true; it reads the
   * whole file, so very large stores may turn it off.
   */
  checkIntegrity?: boolean
}

/** Live settings of an open store, for health details and tests. */
export interface SqliteStoreDiagnostics {
  path: string
  schemaVersion: number
  journalMode: string
  /** 2 is FULL. */
  synchronous: number
  foreignKeys: boolean
  busyTimeoutMs: number
}

/** Opens (creating or migrating) the store at `options.path`; StorageError if it cannot. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  return new SqliteStore(options)
}

/** An MlsStore in one SQLite file. Prefer `openSqliteStore`; the constructor opens synchronously. */
export class SqliteStore implements MlsStore {
  readonly path: string
  private readonly db: Database.Database
  private readonly sql: Statements
  private closed = false
  /** The delivery store on this connection, once opened (its staged inbox rows join group writes). */
  private delivery: SqliteDeliveryStore | undefined

  constructor(options: SqliteStoreOptions) {
    this.path = options.path
    this.db = openDatabase(options.path, {
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      checkIntegrity: options.checkIntegrity ?? true,
    })
    this.sql = prepareStatements(this.db)
  }

  async createIdentity(record: IdentityRecord): Promise<void> {
    this.run("create identity", () => {
      this.sql.insertIdentity.run({
        id: record.id,
        name: record.name,
        ciphersuite: record.ciphersuite,
        signature_public_key: record.signaturePublicKey,
        sealed_signature_key: record.sealedSignatureKey,
        metadata: metadataToText(record.metadata),
        created_at: record.createdAt,
      })
    })
  }

  async getIdentity(id: string): Promise<IdentityRecord | undefined> {
    return this.run("read identity", () => {
      const row = this.sql.getIdentity.get(id)
      return row && identityFromRow(row)
    })
  }

  async listIdentities(): Promise<IdentityRecord[]> {
    return this.run("list identities", () => this.sql.listIdentities.all().map(identityFromRow))
  }

  async updateIdentityMetadata(id: string, metadata: Record<string, string>): Promise<void> {
    this.run("update identity metadata", () => {
      const { changes } = this.sql.updateIdentityMetadata.run({
        id,
        metadata: metadataToText(metadata),
      })
      if (changes === 0) throw new NotFoundError("identity not found")
    })
  }

  async deleteIdentity(id: string): Promise<boolean> {
    return this.run("delete identity", () => this.sql.deleteIdentity.run(id).changes > 0)
  }

  async addKeyPackages(records: KeyPackageRecord[]): Promise<void> {
    this.write("add key packages", () => {
      for (const record of records) {
        this.sql.insertKeyPackage.run({
          ref: record.ref,
          identity_id: record.identityId,
          key_package: record.keyPackage,
          sealed_private_keys: record.sealedPrivateKeys,
          last_resort: record.lastResort ? 1 : 0,
          created_at: record.createdAt,
        })
      }
    })
  }

  async getKeyPackage(ref: string): Promise<KeyPackageRecord | undefined> {
    return this.run("read key package", () => {
      const row = this.sql.getKeyPackage.get(ref)
      return row && keyPackageFromRow(row)
    })
  }

  async listKeyPackages(identityId: string): Promise<KeyPackageRecord[]> {
    return this.run("list key packages", () =>
      this.sql.listKeyPackages.all(identityId).map(keyPackageFromRow),
    )
  }

  async consumeKeyPackage(ref: string): Promise<KeyPackageRecord | undefined> {
    return this.write("consume key package", () => {
      const row = this.sql.getKeyPackage.get(ref)
      if (row === undefined) return undefined
      if (row.last_resort !== 1) this.sql.deleteKeyPackage.run(ref)
      return keyPackageFromRow(row)
    })
  }

  async deleteKeyPackage(ref: string): Promise<boolean> {
    return this.run("delete key package", () => this.sql.deleteKeyPackage.run(ref).changes > 0)
  }

  async createGroup(record: Omit<GroupRecord, "version" | "updatedAt">): Promise<GroupRecord> {
    // In a transaction like every write: a RETURNING statement read with
    // .get() outside one never completes, and SQLite then never checkpoints.
    return this.write("create group", () => {
      const row = this.sql.insertGroup.get({
        id: record.id,
        identity_id: record.identityId,
        mls_group_id: record.mlsGroupId,
        epoch: record.epoch,
        state: record.state,
        metadata: metadataToText(record.metadata),
        updated_at: Date.now(),
      })
      if (row === undefined) throw new StorageError("sqlite: insert returned no row")
      return groupFromRow(row)
    })
  }

  async getGroup(id: string): Promise<GroupRecord | undefined> {
    return this.run("read group", () => {
      const row = this.sql.getGroup.get(id)
      return row && groupFromRow(row)
    })
  }

  async listGroups(identityId?: string): Promise<GroupRecord[]> {
    return this.run("list groups", () => {
      const rows =
        identityId === undefined ? this.sql.listGroups.all() : this.sql.listGroupsOf.all(identityId)
      return rows.map(groupFromRow)
    })
  }

  async countActiveGroups(): Promise<number> {
    return this.run("count groups", () => this.sql.countActiveGroups.get()?.count ?? 0)
  }

  async updateGroup(
    id: string,
    expectedVersion: number,
    update: GroupUpdate,
  ): Promise<GroupRecord> {
    try {
      return this.write("update group", () => {
        const row = this.sql.updateGroup.get({
          id,
          expected_version: expectedVersion,
          epoch: update.epoch,
          state: update.state,
          metadata: update.metadata === undefined ? null : metadataToText(update.metadata),
          updated_at: Date.now(),
        })
        if (row !== undefined) {
          // Inbox entries of the apply this write completes: one transaction.
          this.delivery?.writeStagedInbox(id)
          return groupFromRow(row)
        }
        if (this.sql.groupExists.get(id) === undefined) throw new GroupNotFoundError()
        throw new ConflictError("group version changed")
      })
    } finally {
      this.delivery?.unstageInbox(id)
    }
  }

  async deleteGroup(id: string): Promise<boolean> {
    return this.run("delete group", () => this.sql.deleteGroup.run(id).changes > 0)
  }

  /** The group log (`@mlskit/delivery`) in this store's file, on this store's connection. */
  groupLog(options: SqliteGroupLogOptions = {}): SqliteGroupLog {
    return this.run("open group log", () => new SqliteGroupLog(this.db, options))
  }

  /**
   * The delivery store (`@mlskit/delivery`: inboxes, key-package claims,
   * hosted members) in this store's file, on this store's connection.
   */
  deliveryStore(): SqliteDeliveryStore {
    this.delivery ??= this.run("open delivery store", () => new SqliteDeliveryStore(this.db))
    return this.delivery
  }

  /** Current connection settings, read from SQLite itself. */
  diagnostics(): SqliteStoreDiagnostics {
    return this.run("read settings", () => ({
      path: this.path,
      schemaVersion: this.db.pragma("user_version", { simple: true }) as number,
      journalMode: this.db.pragma("journal_mode", { simple: true }) as string,
      synchronous: this.db.pragma("synchronous", { simple: true }) as number,
      foreignKeys: this.db.pragma("foreign_keys", { simple: true }) === 1,
      busyTimeoutMs: this.db.pragma("busy_timeout", { simple: true }) as number,
    }))
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      this.db.close()
    } catch (error) {
      throw toStorageError(error, "close")
    }
  }

  /** Runs one statement (autocommit) with error translation. */
  private run<T>(action: string, body: () => T): T {
    if (this.closed) throw new StorageError("sqlite: store is closed")
    try {
      return body()
    } catch (error) {
      throw translate(error, action)
    }
  }

  /** Runs `body` in one IMMEDIATE transaction, rolled back if it throws. */
  private write<T>(action: string, body: () => T): T {
    return this.run(action, () => this.db.transaction(body).immediate())
  }
}

/** Constraint violations become the contract's errors; the rest StorageError. */
function translate(error: unknown, action: string): MlskitError {
  const code = sqliteCode(error)
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") {
    return new ConflictError("record already exists", { cause: error })
  }
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
    return new NotFoundError("identity not found", { cause: error })
  }
  return toStorageError(error, action)
}
