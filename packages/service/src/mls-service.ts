/**
 * MlsService: the seed's API. It wires core, a store, events, metrics,
 * tracing, health and shutdown together: every operation is tracked for
 * graceful shutdown, timed, counted and traced through core's hooks, logged,
 * and announced on the event stream. Use `startMlsService` to build one from
 * configuration.
 */

import {
  type AddMembersResult,
  ConflictError,
  type CreateGroupOptions,
  type ExternalJoinResult,
  exportSnapshot,
  ForbiddenError,
  type GroupDetails,
  type GroupMember,
  GroupNotFoundError,
  type GroupSummary,
  type IdentityInfo,
  isOperationName,
  type LocalGroupId,
  localGroupId,
  MlsClient,
  type MlsClientOptions,
  MlskitError,
  type MlsStore,
  type OperationAttributes,
  type OperationHooks,
  type ProcessResult,
  parseLocalGroupId,
  ServiceUnavailableError,
  type StateUnreadableError,
  toBase64Url,
} from "@mlskit/core"
import {
  type DeliveredCommit,
  type DeliveredMessage,
  type EntryKind,
  type ExternalAppendResult,
  type ExternalCaller,
  ExternalDelivery,
  type GroupLog,
  HostedDelivery,
  type InboxEntry,
  type InboxRetention,
  type LogEntry,
  type WelcomeRecord,
} from "@mlskit/delivery"
import type { EventSelector, SelectedEvent, Unsubscribe } from "@mlskit/events"
import {
  createMlsEventBroadcaster,
  type MlsEventBroadcaster,
  type MlsEventMap,
} from "@mlskit/events"
import { type ComponentHealth, HealthStatus } from "@mlskit/health"
import { createMlsMetrics, type MlsMetrics } from "@mlskit/metrics"
import { ShutdownCoordinator } from "@mlskit/shutdown"
import { createMlsTracingHooks, createSpanRunner, withExtractedContext } from "@mlskit/tracing"
import type { TracerProvider } from "@opentelemetry/api"
import type { Registry } from "prom-client"
import type { DeliveryBackend, RunningAppliers } from "./delivery-backend.js"
import { createDeliveryMetrics, type DeliveryMetrics } from "./delivery-metrics.js"
import type { Logger } from "./logger.js"
import { ServiceEvents } from "./service-events.js"
import { DEFAULT_SNAPSHOT_KEEP, writeSnapshotFile } from "./snapshot-files.js"
import { timedGroupLog } from "./timed-group-log.js"
import { createUniquelyNamed } from "./unique-names.js"

/** Everything MlsService needs; `startMlsService` builds this from config. */
export interface MlsServiceOptions {
  store: MlsStore
  stateKey: Uint8Array | string
  client?: Omit<MlsClientOptions, "store" | "stateKey" | "hooks">
  logger: Logger
  /** Metrics go to this registry (never the global one). */
  registry: Registry
  tracerProvider?: TracerProvider
  shutdown?: ShutdownCoordinator
  /** Where the shutdown hook writes the snapshot of all groups; no snapshot when omitted. */
  snapshotDir?: string
  /** Snapshots kept in `snapshotDir`, older ones deleted (default 5). */
  snapshotKeep?: number
  /** Extra hooks (for example the benchmark's). */
  hooks?: OperationHooks[]
  /** Time allowed to the shutdown hook that exports the snapshot and closes the store (default 20 s). */
  closeTimeoutMs?: number
  /** Hosted delivery on this backend; without it callers deliver by hand (`processMessage`). */
  delivery?: DeliveryOptions
}

/** Hosted delivery's settings (see `[delivery]`). */
export interface DeliveryOptions {
  backend: DeliveryBackend
  autoJoin?: boolean
  maxCommitAttempts?: number
  keyPackageTarget?: number
  lastResortKeyPackage?: boolean
  futureEpochRetries?: number
  inboxRetention?: InboxRetention
  /** How often inbox retention runs (default 60 s). */
  inboxTrimIntervalMs?: number
  /** "appliers": a consumer of the log shared by the instances brings members up to date (see HostedDelivery). */
  fanOut?: "self" | "appliers"
}

/** The seed's MLS service. */
export class MlsService {
  readonly client: MlsClient
  readonly events: MlsEventBroadcaster
  readonly metrics: MlsMetrics
  readonly shutdown: ShutdownCoordinator
  readonly registry: Registry
  /** Hosted delivery, when configured. */
  readonly delivery: HostedDelivery | undefined
  private readonly log: Logger
  private readonly store: MlsStore
  private readonly announce: ServiceEvents
  private lastHealth: ComponentHealth | undefined
  private recovery: Promise<unknown> = Promise.resolve()
  private inboxTrim: NodeJS.Timeout | undefined
  private deliveryMetrics: DeliveryMetrics | undefined
  private externalDelivery: ExternalDelivery | undefined
  /** The group log as delivery uses it: the backend's, with appends timed. */
  private timedLog: GroupLog | undefined
  private appliers: RunningAppliers | undefined
  /** The last count the store gave, for scrapes while it cannot answer. */
  private knownActiveGroups = 0
  /** Stored records that did not open since start; any makes the service unhealthy until restart. */
  private unreadableRecords = 0

  constructor(private readonly options: MlsServiceOptions) {
    this.log = options.logger
    this.store = options.store
    this.registry = options.registry
    this.metrics = createMlsMetrics({
      registry: options.registry,
      activeGroups: () => this.countActiveGroups().catch(() => this.knownActiveGroups),
      healthStatus: async () => (await this.healthCheck()).status,
    })
    this.events = createMlsEventBroadcaster({
      onError: (error) => this.log.warn({ err: describe(error) }, "event subscriber failed"),
    })
    this.announce = new ServiceEvents(this.events)
    const tracing = createMlsTracingHooks(
      options.tracerProvider ? { tracerProvider: options.tracerProvider } : {},
    )
    this.client = new MlsClient({
      ...options.client,
      store: options.store,
      stateKey: options.stateKey,
      hooks: [this.metrics, tracing, this.serviceHooks(), ...(options.hooks ?? [])],
    })
    this.delivery = options.delivery ? this.createDelivery(options.delivery) : undefined
    this.shutdown = options.shutdown ?? new ShutdownCoordinator()
    this.shutdown.addHook("mls-service", () => this.close(), {
      timeoutMs: options.closeTimeoutMs ?? 20_000,
    })
  }

  /**
   * Check the store once (health, logged); call once after construction.
   * With delivery, commits a crash left staged are published and every
   * group is caught up from its log in the background.
   */
  async init(): Promise<this> {
    await this.healthCheck()
    if (this.delivery) {
      const delivery = this.delivery
      this.recovery = this.shutdown
        .track(() => delivery.recover())
        .catch((err) =>
          this.log.warn({ code: codeOf(err) }, "delivery recovery failed; catch-ups will retry"),
        )
      this.startInboxTrim()
      await this.startAppliers(delivery)
    }
    return this
  }

  /**
   * The group log's health, for a log on its own server (NATS): Healthy
   * while it answers a ping, Unhealthy otherwise; undefined for a log in
   * the store (the store's health covers it).
   */
  async groupLogHealth(): Promise<ComponentHealth | undefined> {
    const backend = this.options.delivery?.backend
    if (!backend?.ping) return undefined
    const name = "group_log"
    try {
      const ms = await backend.ping()
      return { name, status: HealthStatus.Healthy, details: `round trip ${ms} ms` }
    } catch (err) {
      return { name, status: HealthStatus.Unhealthy, details: `unavailable (${codeOf(err)})` }
    }
  }

  /** Join the log's shared appliers (NATS): entries handed to this instance are applied here. */
  private async startAppliers(delivery: HostedDelivery): Promise<void> {
    const backend = this.options.delivery?.backend
    if (!backend?.startAppliers) return
    const run = createSpanRunner(
      this.options.tracerProvider ? { tracerProvider: this.options.tracerProvider } : {},
    )
    this.appliers = await backend.startAppliers(
      (entry) =>
        withExtractedContext(entry.headers, () =>
          run(
            "mls.delivery.fan_out",
            {
              "mls.delivery.kind": entry.kind,
              "mls.delivery.seq": entry.seq,
              "mls.delivery.deliveries": entry.deliveryCount,
            },
            async () => {
              await delivery.applyAppended(entry.groupId, entry.kind)
              this.deliveryMetrics?.appliersApplied(
                entry.kind,
                entry.deliveryCount,
                (Date.now() - entry.time) / 1000,
              )
            },
          ),
        ),
      (err) =>
        this.log.warn(
          { code: codeOf(err) },
          "applying a handed-out entry failed; it is handed out again",
        ),
    )
    const appliers = this.appliers
    this.deliveryMetrics?.watchAppliers(() => appliers.state())
  }

  /** Resolves when the start-up recovery of delivery is done (tests). */
  async recovered(): Promise<void> {
    await this.recovery
    await this.delivery?.idle()
  }

  // ----------------------------------------------------------------- identities

  /**
   * Create a local identity (basic credential + signature key pair). With
   * `uniqueName`, ConflictError when another identity in the store (created
   * by any instance) has the name; see unique-names.ts.
   */
  createIdentity(
    name: string,
    metadata: Record<string, string> = {},
    options: { uniqueName?: boolean } = {},
  ): Promise<IdentityInfo> {
    return this.run("create_identity", async () => {
      const identity = options.uniqueName
        ? await createUniquelyNamed(this.client, name, () =>
            this.client.createIdentity(name, { metadata }),
          )
        : await this.client.createIdentity(name, { metadata })
      this.log.info({ identityId: identity.id }, "identity created")
      // The directory: a hosted identity can be added by name from its start.
      await this.delivery?.refillKeyPackages(identity.id)
      this.announce.identityCreated(identity.id)
      return identity
    })
  }

  /**
   * Create an identity whose keys live elsewhere (any MLS client): the
   * service keeps its name and the key packages it uploads, never a key.
   * Names are unique across hosted and external identities.
   */
  createExternalIdentity(
    name: string,
    metadata: Record<string, string> = {},
  ): Promise<IdentityInfo> {
    return this.run("create_identity", async () => {
      const identity = await createUniquelyNamed(this.client, name, () =>
        this.client.createExternalIdentity(name, { metadata }),
      )
      this.log.info({ identityId: identity.id, hosted: false }, "identity created")
      this.announce.identityCreated(identity.id)
      return identity
    })
  }

  /**
   * Publish key packages an identity whose keys live elsewhere made itself
   * (checked: credential name, ciphersuite, lifetime, signatures;
   * duplicates refused; all or nothing). `lastResort`: one package that
   * replaces the previous last-resort one.
   */
  publishKeyPackages(
    identityId: string,
    keyPackages: Uint8Array[],
    options: { lastResort?: boolean } = {},
  ): Promise<{ published: number }> {
    return this.run("publish_key_packages", async () => {
      const { refs } = await this.client.publishExternalKeyPackages(
        identityId,
        keyPackages,
        options,
      )
      this.deliveryMetrics?.keyPackagesPublished?.("external", refs.length)
      this.log.info({ identityId, count: refs.length }, "key packages uploaded")
      return { published: refs.length }
    })
  }

  /** An identity by id. */
  getIdentity(id: string): Promise<IdentityInfo> {
    return this.run("get_identity", () => this.client.getIdentity(id))
  }

  /** All local identities. */
  listIdentities(): Promise<IdentityInfo[]> {
    return this.run("list_identities", () => this.client.listIdentities())
  }

  /** Replace an identity's non-secret metadata. */
  setIdentityMetadata(id: string, metadata: Record<string, string>): Promise<void> {
    return this.run("set_identity_metadata", () => this.client.setIdentityMetadata(id, metadata))
  }

  /** Delete an identity with its key packages and group states; NotFoundError when unknown. */
  deleteIdentity(id: string): Promise<void> {
    return this.run("delete_identity", async () => {
      await this.client.deleteIdentity(id)
      await this.options.delivery?.backend.deliveryStore.deleteInbox(id)
      await this.options.delivery?.backend.deliveryStore.deleteWelcomes(id)
      this.log.info({ identityId: id }, "identity deleted")
    })
  }

  /** Generate key packages (MLSMessage bytes) for an identity. */
  generateKeyPackages(identity: string, count = 1): Promise<Uint8Array[]> {
    return this.run("generate_key_packages", async () => {
      const kps = await this.client.generateKeyPackages(identity, count)
      this.log.debug({ identityId: identity, count }, "key packages generated")
      this.announce.keyPackagesGenerated(
        identity,
        count,
        (await this.client.getIdentity(identity)).ciphersuite,
      )
      return kps
    })
  }

  // --------------------------------------------------------------------- groups

  /** Create a group owned by `identity`; returns its group id. */
  createGroup(
    identity: string,
    name: string,
    config: CreateGroupOptions = {},
  ): Promise<LocalGroupId> {
    return this.run("create_group", async () => {
      const groupId = await this.client.createGroup(identity, name, config)
      this.log.info({ groupId, identityId: identity }, "group created")
      const details = await this.describe(groupId)
      if (details) this.announce.groupCreated(details)
      return groupId
    })
  }

  /**
   * Join a group from a Welcome; returns its group id. `options.name` is the
   * local name (default: made from the other members' names).
   */
  joinGroup(
    identity: string,
    welcome: Uint8Array,
    ratchetTree?: Uint8Array,
    options: { name?: string } = {},
  ): Promise<LocalGroupId> {
    return this.run("join_group", async () => {
      const groupId = await this.client.joinGroup(identity, welcome, ratchetTree, options)
      const details = await this.describe(groupId)
      this.log.info({ groupId, identityId: identity, epoch: details?.epoch }, "group joined")
      if (details) this.announce.groupJoined(details)
      return groupId
    })
  }

  /**
   * Join a group by external commit from its GroupInfo; the state is stored
   * before the commit is returned. The caller delivers the commit to the members.
   */
  joinByExternalCommit(
    identity: string,
    groupInfo: Uint8Array,
    options: { resync?: boolean; name?: string } = {},
  ): Promise<ExternalJoinResult> {
    return this.run("join_external", async () => {
      const result = await this.client.joinByExternalCommit(identity, groupInfo, options)
      const details = await this.describe(result.groupId)
      this.log.info(
        { groupId: result.groupId, identityId: identity, epoch: result.epoch },
        "group joined by external commit",
      )
      if (details) this.announce.groupJoined(details)
      return result
    })
  }

  /**
   * Encrypt an application message with optional authenticated data (sent in
   * the clear, integrity-protected); the state is persisted before the
   * ciphertext is returned.
   */
  sendMessage(
    groupId: LocalGroupId,
    plaintext: Uint8Array,
    aad: Uint8Array = new Uint8Array(),
  ): Promise<Uint8Array> {
    // MessageSent and its debug line come from the operation's end (see
    // `serviceHooks`), which knows the epoch without reading the group again.
    return this.run("send_message", () => this.client.sendMessage(groupId, plaintext, aad))
  }

  /** Process a received message: application data, a proposal or a commit. */
  processMessage(groupId: LocalGroupId, ciphertext: Uint8Array): Promise<ProcessResult> {
    return this.run("process_message", async () => {
      if (this.delivery)
        throw new ConflictError(
          "delivery is on: every member applies the group log by itself; read the inbox instead",
          { retryable: false },
        )
      try {
        const result = await this.client.processMessage(groupId, ciphertext)
        const details = result.kind === "commit" ? await this.describe(groupId) : undefined
        if (this.log.isLevelEnabled("debug")) {
          this.log.debug(
            { groupId, epoch: result.epoch, kind: result.kind, bytes: ciphertext.length },
            "message processed",
          )
        }
        if (result.kind === "removed")
          this.log.info({ groupId, epoch: result.epoch }, "removed from group")
        this.announce.processed(groupId, result, ciphertext.length, details)
        return result
      } catch (err) {
        // A record that does not open is the server's fault, not a rejected message.
        if (MlskitError.isInstance(err) && !isStateUnreadable(err) && safeIdentity(groupId)) {
          this.announce.messageRejected(
            groupId,
            ciphertext instanceof Uint8Array ? ciphertext.length : 0,
            err.code,
          )
        }
        throw err
      }
    })
  }

  /** Add members by key package; returns the commit for the group and the Welcome for the new members. */
  addMembers(groupId: LocalGroupId, keyPackages: Uint8Array[]): Promise<AddMembersResult> {
    return this.run("add_members", async () => {
      const result = await this.client.addMembers(groupId, keyPackages)
      const details = await this.describe(groupId)
      this.log.info(
        { groupId, epoch: result.epoch, added: result.addedLeafIndices.length },
        "members added",
      )
      if (details) this.announce.membersAdded(details, result.addedLeafIndices)
      return result
    })
  }

  /** Remove members by leaf index; returns the commit. */
  removeMembers(groupId: LocalGroupId, leafIndices: number[]): Promise<Uint8Array> {
    return this.run("remove_members", async () => {
      const commit = await this.client.removeMembers(groupId, leafIndices)
      const details = await this.describe(groupId)
      this.log.info(
        { groupId, epoch: details?.epoch, removed: leafIndices.length },
        "members removed",
      )
      if (details) this.announce.membersRemoved(details, leafIndices)
      return commit
    })
  }

  /** Rotate the local member's keys; returns the commit. */
  selfUpdate(groupId: LocalGroupId): Promise<Uint8Array> {
    return this.run("self_update", async () => {
      const commit = await this.client.selfUpdate(groupId)
      const details = await this.describe(groupId)
      this.log.info({ groupId, epoch: details?.epoch }, "keys updated")
      if (details) this.announce.keyUpdated(details)
      return commit
    })
  }

  /**
   * Leave a group: returns the self-remove proposal and deletes the local
   * state. With delivery on, the proposal is appended to the group's log and
   * another hosted member commits it.
   */
  leaveGroup(groupId: LocalGroupId): Promise<Uint8Array> {
    return this.run("leave_group", async () => {
      const { epoch } = await this.client.group(groupId)
      const proposal = this.delivery
        ? (await this.delivery.leave(groupId)).message
        : await this.client.leaveGroup(groupId)
      this.log.info({ groupId }, "group left")
      this.announce.groupLeft(groupId, epoch)
      return proposal
    })
  }

  /**
   * Delete the local state of a group the member was removed from (it stays
   * listed as "removed" until then). GroupNotFoundError when unknown,
   * ConflictError while still a member: leaving is `leaveGroup`.
   */
  deleteRemovedGroup(groupId: LocalGroupId): Promise<void> {
    return this.run("delete_group", async () => {
      const record = await this.store.getGroup(groupId)
      if (!record) throw new GroupNotFoundError()
      if (record.metadata.status !== "removed") {
        throw new ConflictError("still a member of the group: leave it instead", {
          retryable: false,
        })
      }
      // "removed" is final: no operation turns the group active again.
      await this.store.deleteGroup(groupId)
      this.client.evict(groupId)
      this.log.info({ groupId }, "removed group deleted")
    })
  }

  /** Members of a group. */
  members(groupId: LocalGroupId): Promise<GroupMember[]> {
    return this.run("members", () => this.client.members(groupId))
  }

  /** A group's epoch and members. */
  group(groupId: LocalGroupId): Promise<GroupDetails> {
    return this.run("group", () => this.client.group(groupId))
  }

  /** The epoch authenticator of the member's current epoch (RFC 9420 section 8.7). */
  epochAuthenticator(groupId: LocalGroupId): Promise<Uint8Array> {
    return this.run("epoch_authenticator", () => this.client.epochAuthenticator(groupId))
  }

  /** Groups of an identity (or all). */
  listGroups(identity?: string): Promise<GroupSummary[]> {
    return this.run("list_groups", () => this.client.listGroups(identity))
  }

  /** GroupInfo as MLSMessage bytes. */
  groupInfo(groupId: LocalGroupId): Promise<Uint8Array> {
    return this.run("group_info", () => this.client.groupInfo(groupId))
  }

  /** The MLS exporter. */
  exportSecret(
    groupId: LocalGroupId,
    label: string,
    context: Uint8Array,
    length: number,
  ): Promise<Uint8Array> {
    return this.run("export_secret", () =>
      this.client.exportSecret(groupId, label, context, length),
    )
  }

  // ------------------------------------------------------------------ delivery

  /** Whether hosted delivery is on (`[delivery] driver = "store"` or `"nats"`). */
  get deliveryOn(): boolean {
    return this.delivery !== undefined
  }

  /** Whether the group log lives on its own server (NATS), with its own health (`groupLogHealth`). */
  get groupLogIsRemote(): boolean {
    return this.options.delivery?.backend.ping !== undefined
  }

  /** Encrypt a message and append it to the group's log; every other member receives it. */
  deliverMessage(
    groupId: LocalGroupId,
    plaintext: Uint8Array,
    aad: Uint8Array = new Uint8Array(),
  ): Promise<DeliveredMessage> {
    return this.run("deliver_message", () => this.hosted().send(groupId, plaintext, aad))
  }

  /** Add members by key package or by identity name; the commit is ordered by the log. */
  deliverAdd(
    groupId: LocalGroupId,
    by: { keyPackages?: Uint8Array[]; identities?: string[] },
  ): Promise<DeliveredCommit> {
    return this.run("deliver_add", async () => {
      const result = await this.hosted().addMembers(groupId, by)
      this.log.info({ groupId, epoch: result.epoch, seq: result.seq }, "members added")
      return result
    })
  }

  /** Remove members by leaf index or identity name; the commit is ordered by the log. */
  deliverRemove(
    groupId: LocalGroupId,
    by: { leafIndices?: number[]; identities?: string[] },
  ): Promise<DeliveredCommit> {
    return this.run("deliver_remove", async () => {
      const result = await this.hosted().removeMembers(groupId, by)
      this.log.info({ groupId, epoch: result.epoch, seq: result.seq }, "members removed")
      return result
    })
  }

  /** Rotate the member's keys; the commit is ordered by the log. */
  deliverUpdate(groupId: LocalGroupId): Promise<DeliveredCommit> {
    return this.run("deliver_update", async () => {
      const result = await this.hosted().selfUpdate(groupId)
      this.log.info({ groupId, epoch: result.epoch, seq: result.seq }, "keys updated")
      return result
    })
  }

  /** Claim one published key package of each named identity. */
  claimKeyPackages(names: string[]): Promise<{ identity: string; keyPackage: Uint8Array }[]> {
    return this.run("claim_key_packages", () => this.hosted().claimKeyPackages(names))
  }

  /**
   * An identity's inbox after a cursor; with `waitMs`, waits up to that long
   * for a first entry when there is none yet.
   */
  readInbox(
    identityId: string,
    options: { after?: number; limit?: number; waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<InboxEntry[]> {
    return this.run("read_inbox", async () => {
      const delivery = this.hosted()
      const page = { after: options.after ?? 0, ...(options.limit ? { limit: options.limit } : {}) }
      const entries = await delivery.readInbox(identityId, page)
      this.deliveryMetrics?.inboxRead(await delivery.inbox.depth(identityId))
      if (entries.length > 0 || !options.waitMs) return entries
      const signal = AbortSignal.any([
        this.shutdown.signal,
        ...(options.signal ? [options.signal] : []),
      ])
      await delivery.inbox.waitFor(identityId, page.after, options.waitMs, signal)
      return delivery.inbox.read(identityId, page)
    })
  }

  /** A group's log after a seq, for current members of the group only. */
  readGroupLog(
    groupId: LocalGroupId,
    options: { after?: number; limit?: number } = {},
  ): Promise<LogEntry[]> {
    return this.run("read_group_log", () => this.hosted().readLog(groupId, options))
  }

  // ------------------------------------------- members whose keys live elsewhere

  /**
   * A group's log after a seq for an identity: a hosted one reads through
   * its own state, one whose keys live elsewhere through the group's view
   * (current members only). With `waitMs`, waits up to that long for an
   * entry when there is none yet.
   */
  readGroupLogAs(
    identityId: string,
    mlsGroupId: Uint8Array,
    options: { after?: number; limit?: number; waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<LogEntry[]> {
    return this.run("read_group_log", async () => {
      const caller = await this.caller(identityId)
      const page = { after: options.after ?? 0, ...(options.limit ? { limit: options.limit } : {}) }
      const read = () =>
        caller.hosted
          ? this.hosted().readLog(localGroupId(identityId, mlsGroupId), page)
          : this.external().readLog(caller, mlsGroupId, page)
      const entries = await read()
      if (entries.length > 0 || !options.waitMs) return entries
      const signal = AbortSignal.any([
        this.shutdown.signal,
        ...(options.signal ? [options.signal] : []),
      ])
      const log = this.groupLog()
      if (!(await log.waitForAppend(mlsGroupId, page.after, { timeoutMs: options.waitMs, signal })))
        return []
      return read()
    })
  }

  /**
   * Append a message made by a member whose keys live elsewhere (checked
   * without keys; see ExternalDelivery), with the Welcome of a commit that
   * adds members. CommitConflictError (its `winnerSeq`) when another commit
   * took the epoch; AlreadyAppendedError for a replay.
   */
  appendToGroupLog(
    identityId: string,
    mlsGroupId: Uint8Array,
    message: Uint8Array,
    options: { welcome?: Uint8Array } = {},
  ): Promise<ExternalAppendResult> {
    return this.run("append_group_log", async () => {
      const caller = await this.caller(identityId)
      if (caller.hosted)
        throw new ForbiddenError(
          "a hosted identity's messages are made here: use the group's messages, members and update routes",
        )
      const result = await this.external().append(caller, mlsGroupId, message, options)
      this.announce.logAppended(
        `${identityId}.${toBase64Url(mlsGroupId)}`,
        result.kind as EntryKind,
        result.seq,
        result.epoch,
        message.length,
      )
      return result
    })
  }

  /** Register a group an identity whose keys live elsewhere created; it is the only member. */
  registerGroup(identityId: string, mlsGroupId: Uint8Array): Promise<void> {
    return this.run("register_group", async () => {
      const caller = await this.caller(identityId)
      if (caller.hosted)
        throw new ForbiddenError("a hosted identity creates groups with POST /v1/groups")
      await this.external().register(caller, mlsGroupId)
      this.log.info({ identityId }, "group registered")
    })
  }

  /** The Welcomes waiting for an identity (those of its additions it has not acknowledged). */
  listWelcomes(identityId: string, limit?: number): Promise<WelcomeRecord[]> {
    return this.run("list_welcomes", async () =>
      this.external().welcomes(await this.caller(identityId), limit),
    )
  }

  /** Acknowledge a Welcome so it is not served again; NotFoundError when unknown. */
  deleteWelcome(identityId: string, welcomeId: string): Promise<void> {
    return this.run("delete_welcome", async () =>
      this.external().deleteWelcome(await this.caller(identityId), welcomeId),
    )
  }

  /** Apply what the log holds for one member now (before a read of its state). */
  catchUp(groupId: LocalGroupId): Promise<void> {
    return this.delivery
      ? this.run("catch_up", () => this.hosted().catchUp(groupId))
      : Promise.resolve()
  }

  // ------------------------------------------------------------- observability

  /**
   * The service's health: Healthy while the store answers (with the active
   * group count of the shared store as details; none is not a fault),
   * Unhealthy when the store fails, shutdown began, or a stored record did
   * not open under the state key (until restart: the data or the key needs
   * an operator).
   */
  async healthCheck(): Promise<ComponentHealth> {
    let health: ComponentHealth
    if (this.shutdown.isShuttingDown) {
      health = { name: "mls_service", status: HealthStatus.Unhealthy, details: "shutting down" }
    } else if (this.unreadableRecords > 0) {
      const n = this.unreadableRecords
      health = {
        name: "mls_service",
        status: HealthStatus.Unhealthy,
        details: `stored state unreadable (${n} record${n === 1 ? "" : "s"} did not open)`,
      }
    } else {
      try {
        const n = await this.countActiveGroups()
        health = {
          name: "mls_service",
          status: HealthStatus.Healthy,
          details: `${n} active group${n === 1 ? "" : "s"}`,
        }
      } catch (err) {
        health = {
          name: "mls_service",
          status: HealthStatus.Unhealthy,
          details: `store unavailable (${codeOf(err)})`,
        }
      }
    }
    this.metrics.setHealthStatus(health.status)
    if (health.status !== this.lastHealth?.status) {
      const level =
        health.status === HealthStatus.Healthy
          ? "info"
          : health.status === HealthStatus.Degraded
            ? "warn"
            : "error"
      this.log[level]({ status: health.status, details: health.details }, "health changed")
    }
    this.lastHealth = health
    return health
  }

  /** Subscribe to events of one type or all ("*"); returns the unsubscribe function. */
  subscribe<S extends EventSelector<MlsEventMap>>(
    selector: S,
    handler: (event: SelectedEvent<MlsEventMap, S>) => void | Promise<void>,
  ): Unsubscribe {
    return this.events.subscribe(selector, handler)
  }

  /**
   * Active groups in the store (every identity's groups whose local member
   * was not removed), counted by the store: every instance on a shared store
   * reports the same number. Feeds `mls_active_groups` (which keeps the last
   * count while the store cannot answer, so a scrape never fails with it) and
   * health.
   */
  async countActiveGroups(): Promise<number> {
    this.knownActiveGroups = await this.store.countActiveGroups()
    return this.knownActiveGroups
  }

  // ------------------------------------------------------------------ internals

  private async caller(identityId: string): Promise<ExternalCaller & { hosted: boolean }> {
    const identity = await this.client.getIdentity(identityId)
    return { id: identity.id, name: identity.name, hosted: identity.hosted }
  }

  private groupLog(backend: DeliveryBackend = this.deliveryBackend()): GroupLog {
    this.timedLog ??= timedGroupLog(backend.log, (seconds) =>
      this.deliveryMetrics?.logAppend(seconds),
    )
    return this.timedLog
  }

  private deliveryBackend(): DeliveryBackend {
    this.hosted()
    return (this.options.delivery as DeliveryOptions).backend
  }

  private external(): ExternalDelivery {
    const delivery = this.hosted()
    this.externalDelivery ??= new ExternalDelivery({
      client: this.client,
      log: this.groupLog(),
      deliveryStore: this.deliveryBackend().deliveryStore,
      hosted: delivery,
      ciphersuite: this.client.config.ciphersuite,
      maxMessageBytes: this.options.client?.maxMessageBytes ?? 1024 * 1024,
      retainEpochs: this.client.config.retainEpochs,
      ...(this.deliveryMetrics ? { observer: this.deliveryMetrics } : {}),
    })
    return this.externalDelivery
  }

  private hosted(): HostedDelivery {
    if (!this.delivery)
      throw new ConflictError('delivery is off ([delivery] driver = "none"): deliver by hand', {
        retryable: false,
      })
    return this.delivery
  }

  private createDelivery(options: DeliveryOptions): HostedDelivery {
    const metrics = createDeliveryMetrics(this.registry)
    this.deliveryMetrics = metrics
    return new HostedDelivery({
      client: this.client,
      store: this.store,
      log: this.groupLog(options.backend),
      deliveryStore: options.backend.deliveryStore,
      // A log that hands entries to one instance each brings members up to date there.
      fanOut: options.backend.startAppliers ? "appliers" : (options.fanOut ?? "self"),
      stateKey: this.options.stateKey,
      ...(options.autoJoin !== undefined ? { autoJoin: options.autoJoin } : {}),
      ...(options.maxCommitAttempts ? { maxCommitAttempts: options.maxCommitAttempts } : {}),
      ...(options.keyPackageTarget ? { keyPackageTarget: options.keyPackageTarget } : {}),
      ...(options.lastResortKeyPackage !== undefined
        ? { lastResortKeyPackage: options.lastResortKeyPackage }
        : {}),
      ...(options.futureEpochRetries ? { futureEpochRetries: options.futureEpochRetries } : {}),
      observer: {
        ...metrics,
        span: createSpanRunner(
          this.options.tracerProvider ? { tracerProvider: this.options.tracerProvider } : {},
        ),
        appended: (kind, groupId, seq, epoch, bytes) => {
          metrics.appended?.(kind, groupId, seq, epoch, bytes)
          this.announce.logAppended(groupId, kind, seq, epoch, bytes)
        },
        processed: (groupId, entry, result) => {
          this.announce.entryApplied(groupId, entry.kind, entry.seq, entry.epoch)
          // The same events as a message processed by hand; a commit's carry
          // the group's details, read after the apply.
          if (result.kind !== "commit") {
            this.announce.processed(groupId, result, entry.message.length)
            return
          }
          void this.describe(groupId).then((details) =>
            this.announce.processed(groupId, result, entry.message.length, details),
          )
        },
        joined: (groupId) => {
          void this.describe(groupId).then((details) => {
            if (details) this.announce.groupJoined(details)
          })
        },
        forkDetected: (mlsGroupId, epoch, members) => {
          metrics.forkDetected?.(mlsGroupId, epoch, members)
          this.log.error({ epoch, members }, "fork detected: hosted members disagree on an epoch")
        },
        fellBehind: (groupId) => {
          metrics.fellBehind?.(groupId)
          this.log.warn({ groupId }, "member fell behind the group log's retention")
        },
        backgroundError: (groupId, err) => {
          metrics.backgroundError?.(groupId, err)
          this.log.warn({ groupId, code: codeOf(err) }, "background delivery failed")
        },
      },
    })
  }

  /** Apply inbox retention every `inboxTrimIntervalMs` while the service runs. */
  private startInboxTrim(): void {
    const retention = this.options.delivery?.inboxRetention
    if (!retention || (!retention.maxEntries && !retention.maxAgeMs)) return
    const store = this.options.delivery?.backend.deliveryStore
    this.inboxTrim = setInterval(() => {
      store?.trimInboxes(retention, Date.now()).catch((err: unknown) => {
        this.log.warn({ code: codeOf(err) }, "inbox retention failed")
      })
      // Welcomes nobody acknowledged age out with the inbox entries.
      if (retention.maxAgeMs)
        store?.trimWelcomes(retention.maxAgeMs, Date.now()).catch((err: unknown) => {
          this.log.warn({ code: codeOf(err) }, "welcome retention failed")
        })
    }, this.options.delivery?.inboxTrimIntervalMs ?? 60_000)
    this.inboxTrim.unref()
  }

  private async run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (!this.shutdown.isAccepting) {
      const error = new ServiceUnavailableError("the service is shutting down")
      if (isOperationName(operation))
        this.metrics.onEnd(operation, { attributes: {}, durationMs: 0, error })
      throw error
    }
    try {
      return await this.shutdown.track(body)
    } catch (err) {
      if (isStateUnreadable(err)) {
        await this.stateUnreadable(operation, err)
        throw err
      }
      if (MlskitError.isInstance(err)) {
        const level =
          err.code === "STORAGE_ERROR" || err.code === "INTERNAL_ERROR" ? "error" : "warn"
        this.log[level]({ operation, code: err.code, retryable: err.retryable }, "operation failed")
        throw err
      }
      if (isShutdownRejection(err))
        throw new ServiceUnavailableError("the service is shutting down", { cause: err })
      throw err
    }
  }

  /**
   * A stored record did not open: a fault of this server, not of the caller.
   * Log it with its details, count it, and turn the service unhealthy.
   */
  private async stateUnreadable(operation: string, err: StateUnreadableError): Promise<void> {
    this.unreadableRecords++
    this.metrics.stateUnreadable(err.record)
    this.log.error(
      {
        operation,
        code: err.code,
        record: err.record,
        recordId: err.recordId,
        fault: err.fault,
        err,
      },
      "stored state unreadable",
    )
    await this.healthCheck()
  }

  /**
   * Describe a group after an operation has persisted its new state. Best
   * effort: the operation already succeeded, so a failing read here is logged
   * and never turns an acknowledged write into a reported failure.
   */
  private async describe(groupId: LocalGroupId): Promise<GroupDetails | undefined> {
    try {
      return await this.client.peekGroup(groupId)
    } catch (err) {
      this.couldNotDescribe(groupId, err)
      return undefined
    }
  }

  private couldNotDescribe(groupId: LocalGroupId, err: unknown): void {
    this.log.warn(
      { groupId, code: codeOf(err) },
      "could not describe the group after a successful operation",
    )
  }

  /**
   * The service's own hook: a successful send is announced (MessageSent) and
   * logged at debug from the operation's final attributes, which carry its
   * epoch and size; at trace level every state transition is logged.
   */
  private serviceHooks(): OperationHooks {
    return {
      onEnd: (operation, outcome) => {
        if (operation === "send_message" && outcome.error === undefined) {
          this.messageSent(outcome.attributes)
        }
        if (!this.log.isLevelEnabled("trace")) return
        const { groupId, epoch, inputBytes, outputBytes, contentType } = outcome.attributes
        this.log.trace(
          {
            operation,
            groupId,
            epoch,
            inputBytes,
            outputBytes,
            contentType,
            ms: round(outcome.durationMs),
            code: outcome.error?.code,
          },
          "state transition",
        )
      },
    }
  }

  private messageSent({ groupId, epoch, outputBytes }: OperationAttributes): void {
    if (groupId === undefined || epoch === undefined || outputBytes === undefined) return
    if (this.log.isLevelEnabled("debug")) {
      this.log.debug({ groupId, epoch, bytes: outputBytes }, "message sent")
    }
    this.announce.messageSent(groupId, epoch, outputBytes)
  }

  /** The shutdown hook: export a snapshot, close the event stream and the store. */
  private async close(): Promise<void> {
    if (this.inboxTrim) clearInterval(this.inboxTrim)
    // Entries being applied here finish (and are acknowledged); the rest go to other instances.
    await this.appliers?.stop()
    await this.delivery?.idle()
    await this.options.delivery?.backend.close?.()
    if (this.options.snapshotDir) {
      const { bytes, summary } = await exportSnapshot(this.store, this.options.stateKey)
      const { file, removed } = await writeSnapshotFile(
        this.options.snapshotDir,
        bytes,
        this.options.snapshotKeep ?? DEFAULT_SNAPSHOT_KEEP,
      )
      this.log.info(
        { file, groups: summary.groups, identities: summary.identities, removed: removed.length },
        "snapshot exported",
      )
    }
    this.events.close()
    await this.store.close()
    this.log.info("store closed")
  }
}

function safeIdentity(groupId: string): boolean {
  try {
    parseLocalGroupId(groupId)
    return true
  } catch {
    return false
  }
}

function isStateUnreadable(err: unknown): err is StateUnreadableError {
  return MlskitError.isInstance(err) && err.code === "STATE_UNREADABLE"
}

function codeOf(err: unknown): string {
  return MlskitError.isInstance(err) ? err.code : "UNKNOWN"
}

function describe(err: unknown): string {
  return MlskitError.isInstance(err) ? err.code : err instanceof Error ? err.name : "error"
}

function isShutdownRejection(err: unknown): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    (err as { code?: unknown }).code === "SERVICE_UNAVAILABLE"
  )
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000
}
