/**
 * PostgresStore: the MlsStore shared by several instances. Every operation
 * is a single atomic statement on a node-postgres Pool; group updates are a
 * compare-and-swap (`UPDATE ... WHERE id = $1 AND version = $2`). Lost
 * connections surface as retryable StorageErrors and the pool reconnects.
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
import pg, { type Pool, type PoolConfig, type QueryResult, type QueryResultRow } from "pg"
import { migrate } from "./migrations.js"
import { pgErrorCode, toStorageError } from "./pg-errors.js"
import { PostgresDeliveryStore } from "./postgres-delivery-store.js"
import { PostgresGroupLog, type PostgresGroupLogOptions } from "./postgres-group-log.js"
import {
  type GroupRow,
  groupFromRow,
  type IdentityRow,
  identityFromRow,
  type KeyPackageRow,
  keyPackageFromRow,
} from "./rows.js"
import { type TableNames, tableNames } from "./sql-names.js"

/** Options of `openPostgresStore`. Give either `pool` or `connection`. */
export interface PostgresStoreOptions {
  /** A pool you own: the store neither configures nor ends it. */
  pool?: Pool
  /** A connection string or pool config; the store creates its own pool and ends it on close. */
  connection?: string | PoolConfig
  /** The schema holding the store's tables, created if missing. Default "mlskit". */
  schema?: string
  /**
   * Called when an idle pooled connection fails (server restart, terminated
   * backend). The pool drops that connection and opens a new one on demand.
   */
  onIdleError?: (error: MlskitError) => void
}

/** Pool settings applied when the store creates the pool (yours override them). */
const POOL_DEFAULTS: PoolConfig = {
  connectionTimeoutMillis: 10_000,
  keepAlive: true,
  application_name: "mlskit",
}

/** Connects, brings the schema up to date and returns the store; StorageError if it cannot. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const store = new PostgresStore(options)
  try {
    await store.migrate()
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}

/** An MlsStore in one PostgreSQL schema. Prefer `openPostgresStore`, which also migrates. */
export class PostgresStore implements MlsStore {
  readonly schema: string
  private readonly pool: Pool
  private readonly ownsPool: boolean
  private readonly t: TableNames
  private readonly onIdleError: ((error: MlskitError) => void) | undefined
  private closed = false

  /** Creates the store without touching the database; call `migrate()` before use. */
  constructor(options: PostgresStoreOptions) {
    this.schema = options.schema ?? "mlskit"
    this.t = tableNames(this.schema)
    this.onIdleError = options.onIdleError
    if (options.pool !== undefined) {
      this.pool = options.pool
      this.ownsPool = false
    } else if (options.connection !== undefined) {
      const config =
        typeof options.connection === "string"
          ? { connectionString: options.connection }
          : options.connection
      this.pool = new pg.Pool({ ...POOL_DEFAULTS, ...config })
      this.ownsPool = true
    } else {
      throw new StorageError("postgres: give either pool or connection")
    }
    this.pool.on("error", this.handleIdleError)
  }

  /** Creates or upgrades the schema; safe when several instances start at once. */
  async migrate(): Promise<number> {
    this.assertOpen()
    return migrate(this.pool, this.schema, this.t)
  }

  async createIdentity(record: IdentityRecord): Promise<void> {
    await this.query(
      "create identity",
      `INSERT INTO ${this.t.identities}
        (id, name, ciphersuite, signature_public_key, sealed_signature_key, metadata, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        record.id,
        record.name,
        record.ciphersuite,
        record.signaturePublicKey,
        record.sealedSignatureKey,
        JSON.stringify(record.metadata),
        record.createdAt,
      ],
    )
  }

  async getIdentity(id: string): Promise<IdentityRecord | undefined> {
    const { rows } = await this.query<IdentityRow>(
      "read identity",
      `SELECT * FROM ${this.t.identities} WHERE id = $1`,
      [id],
    )
    return rows[0] && identityFromRow(rows[0])
  }

  async listIdentities(): Promise<IdentityRecord[]> {
    const { rows } = await this.query<IdentityRow>(
      "list identities",
      `SELECT * FROM ${this.t.identities} ORDER BY id`,
    )
    return rows.map(identityFromRow)
  }

  async updateIdentityMetadata(id: string, metadata: Record<string, string>): Promise<void> {
    const { rowCount } = await this.query(
      "update identity metadata",
      `UPDATE ${this.t.identities} SET metadata = $2::jsonb WHERE id = $1`,
      [id, JSON.stringify(metadata)],
    )
    if (rowCount === 0) throw new NotFoundError("identity not found")
  }

  async deleteIdentity(id: string): Promise<boolean> {
    const { rowCount } = await this.query(
      "delete identity",
      `DELETE FROM ${this.t.identities} WHERE id = $1`,
      [id],
    )
    return (rowCount ?? 0) > 0
  }

  async addKeyPackages(records: KeyPackageRecord[]): Promise<void> {
    this.assertOpen()
    if (records.length === 0) return
    await this.query(
      "add key packages",
      `INSERT INTO ${this.t.keyPackages}
        (ref, identity_id, key_package, sealed_private_keys, last_resort, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[], $5::boolean[], $6::bigint[])`,
      [
        records.map((r) => r.ref),
        records.map((r) => r.identityId),
        records.map((r) => r.keyPackage),
        records.map((r) => r.sealedPrivateKeys),
        records.map((r) => r.lastResort),
        records.map((r) => r.createdAt),
      ],
    )
  }

  async getKeyPackage(ref: string): Promise<KeyPackageRecord | undefined> {
    const { rows } = await this.query<KeyPackageRow>(
      "read key package",
      `SELECT * FROM ${this.t.keyPackages} WHERE ref = $1`,
      [ref],
    )
    return rows[0] && keyPackageFromRow(rows[0])
  }

  async listKeyPackages(identityId: string): Promise<KeyPackageRecord[]> {
    const { rows } = await this.query<KeyPackageRow>(
      "list key packages",
      `SELECT * FROM ${this.t.keyPackages} WHERE identity_id = $1 ORDER BY ref`,
      [identityId],
    )
    return rows.map(keyPackageFromRow)
  }

  async consumeKeyPackage(ref: string): Promise<KeyPackageRecord | undefined> {
    const { rows } = await this.query<KeyPackageRow>(
      "consume key package",
      `WITH taken AS (
         DELETE FROM ${this.t.keyPackages} WHERE ref = $1 AND NOT last_resort RETURNING *
       )
       SELECT * FROM taken
       UNION ALL
       SELECT * FROM ${this.t.keyPackages} WHERE ref = $1 AND last_resort`,
      [ref],
    )
    return rows[0] && keyPackageFromRow(rows[0])
  }

  async deleteKeyPackage(ref: string): Promise<boolean> {
    const { rowCount } = await this.query(
      "delete key package",
      `DELETE FROM ${this.t.keyPackages} WHERE ref = $1`,
      [ref],
    )
    return (rowCount ?? 0) > 0
  }

  async createGroup(record: Omit<GroupRecord, "version" | "updatedAt">): Promise<GroupRecord> {
    const { rows } = await this.query<GroupRow>(
      "create group",
      `INSERT INTO ${this.t.groupStates}
        (id, identity_id, mls_group_id, version, epoch, state, metadata, updated_at)
       VALUES ($1, $2, $3, 1, $4, $5, $6::jsonb, $7)
       RETURNING *`,
      [
        record.id,
        record.identityId,
        record.mlsGroupId,
        record.epoch,
        record.state,
        JSON.stringify(record.metadata),
        Date.now(),
      ],
    )
    return groupFromRow(firstRow(rows))
  }

  async getGroup(id: string): Promise<GroupRecord | undefined> {
    const { rows } = await this.query<GroupRow>(
      "read group",
      `SELECT * FROM ${this.t.groupStates} WHERE id = $1`,
      [id],
    )
    return rows[0] && groupFromRow(rows[0])
  }

  async listGroups(identityId?: string): Promise<GroupRecord[]> {
    const { rows } =
      identityId === undefined
        ? await this.query<GroupRow>(
            "list groups",
            `SELECT * FROM ${this.t.groupStates} ORDER BY id`,
          )
        : await this.query<GroupRow>(
            "list groups",
            `SELECT * FROM ${this.t.groupStates} WHERE identity_id = $1 ORDER BY id`,
            [identityId],
          )
    return rows.map(groupFromRow)
  }

  async countActiveGroups(): Promise<number> {
    const { rows } = await this.query<{ count: number }>(
      "count groups",
      `SELECT count(*)::integer AS count FROM ${this.t.groupStates}
       WHERE metadata->>'status' IS DISTINCT FROM 'removed'`,
    )
    return rows[0]?.count ?? 0
  }

  async updateGroup(
    id: string,
    expectedVersion: number,
    update: GroupUpdate,
  ): Promise<GroupRecord> {
    const { rows } = await this.query<GroupRow>(
      "update group",
      `UPDATE ${this.t.groupStates}
       SET version = version + 1, epoch = $3, state = $4,
           metadata = coalesce($5::jsonb, metadata), updated_at = $6
       WHERE id = $1 AND version = $2
       RETURNING *`,
      [
        id,
        expectedVersion,
        update.epoch,
        update.state,
        update.metadata === undefined ? null : JSON.stringify(update.metadata),
        Date.now(),
      ],
    )
    if (rows[0] !== undefined) return groupFromRow(rows[0])
    const exists = await this.query(
      "update group",
      `SELECT 1 FROM ${this.t.groupStates} WHERE id = $1`,
      [id],
    )
    if (exists.rowCount === 0) throw new GroupNotFoundError()
    throw new ConflictError("group version changed")
  }

  async deleteGroup(id: string): Promise<boolean> {
    const { rowCount } = await this.query(
      "delete group",
      `DELETE FROM ${this.t.groupStates} WHERE id = $1`,
      [id],
    )
    return (rowCount ?? 0) > 0
  }

  /** The group log (`@mlskit/delivery`) in this store's schema, on this store's pool. */
  groupLog(options: PostgresGroupLogOptions = {}): PostgresGroupLog {
    this.assertOpen()
    return new PostgresGroupLog(this.pool, this.t, options)
  }

  /**
   * The delivery store (`@mlskit/delivery`: inboxes, key-package claims,
   * hosted members) in this store's schema, on this store's pool.
   */
  deliveryStore(): PostgresDeliveryStore {
    this.assertOpen()
    return new PostgresDeliveryStore(this.pool, this.t, () => !this.closed)
  }

  /** Ends the pool if the store created it; later calls fail with StorageError. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (!this.ownsPool) {
      this.pool.off("error", this.handleIdleError)
      return
    }
    try {
      await this.pool.end()
    } catch (error) {
      throw toStorageError(error, "close")
    } finally {
      this.pool.off("error", this.handleIdleError)
    }
  }

  /** Runs one statement with the closed check and error translation. */
  private async query<R extends QueryResultRow = QueryResultRow>(
    action: string,
    text: string,
    values: unknown[] = [],
  ): Promise<QueryResult<R>> {
    this.assertOpen()
    try {
      return await this.pool.query<R>(text, values)
    } catch (error) {
      throw translate(error, action)
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError("postgres: store is closed")
  }

  /** Without a listener, an idle client's error would crash the process. */
  private readonly handleIdleError = (error: Error): void => {
    this.onIdleError?.(toStorageError(error, "idle connection"))
  }
}

/** Constraint violations become the contract's errors; the rest StorageError. */
function translate(error: unknown, action: string): MlskitError {
  const code = pgErrorCode(error)
  if (code === "23505") return new ConflictError("record already exists", { cause: error })
  if (code === "23503") return new NotFoundError("identity not found", { cause: error })
  return toStorageError(error, action)
}

function firstRow<R>(rows: R[]): R {
  const row = rows[0]
  if (row === undefined) throw new StorageError("postgres: statement returned no row")
  return row
}
