/**
 * HostedDelivery: the Delivery Service for members whose keys the server
 * holds. One ordered group log per MLS group; every hosted member applies
 * every entry in log order exactly once (its applied cursor is written in
 * the same compare-and-swap as its state); its own commits are staged and
 * take effect only when the log reaches them, so a commit that lost the
 * epoch fence is discarded and its intent redone on the new epoch; what a
 * member receives goes to its sealed inbox.
 *
 * Work on one member's group runs in one queue (per local group id): a
 * catch-up, a send or a commit never interleave for it. The log is the
 * source of truth: anything that crashes half way is finished by the next
 * catch-up (a staged commit is published again under its dedupe id, an
 * entry whose state write did not happen is applied again, its inbox write
 * being idempotent).
 */
import { createHash } from "node:crypto"
import {
  ConflictError,
  createAtRestCipher,
  GroupNotFoundError,
  type GroupRecord,
  type GroupSummary,
  InvalidInputError,
  KeyedQueue,
  type LocalGroupId,
  localGroupId,
  type MlsClient,
  MlskitError,
  type MlsStore,
  NotFoundError,
  TS_MLS_VERSION,
} from "@mlskit/core"
import { defaultDedupeId } from "../dedupe-id.js"
import type { DeliveryStore, HostedMember } from "../delivery-store.js"
import { CommitConflictError, CommitRedoExhaustedError, FellBehindError } from "../errors.js"
import type { AppendResult, GroupLog, LogEntry } from "../group-log.js"
import { readProtocolFraming } from "../read-framing.js"
import { type CommitIntent, leavesOf, type RemoveTarget, removeTargets } from "./commit-intent.js"
import type { DeliveryObserver } from "./delivery-observer.js"
import { entryEffects } from "./entry-effects.js"
import { Inbox } from "./inbox.js"
import type { InboxEntry } from "./inbox-entry.js"

/** Options of HostedDelivery. */
export interface HostedDeliveryOptions {
  client: MlsClient
  /** The store `client` keeps its state in. */
  store: MlsStore
  log: GroupLog
  deliveryStore: DeliveryStore
  /** The state key `client` uses; inbox entries are sealed with it. */
  stateKey: Uint8Array | string
  /** Hosted newcomers join from their Welcome by themselves (default true); else it goes to their inbox. */
  autoJoin?: boolean
  /** Attempts of one commit intent before a ConflictError (default 5). */
  maxCommitAttempts?: number
  /** Catch-ups an entry from an epoch not reached yet may wait before it is skipped (default 3). */
  futureEpochRetries?: number
  /** Unclaimed key packages each hosted identity keeps published (default 5). */
  keyPackageTarget?: number
  /** Each hosted identity also keeps a last-resort key package, handed out when the stock is empty (default true). */
  lastResortKeyPackage?: boolean
  observer?: DeliveryObserver
  /** How often an inbox wait looks for other processes' entries (default 500 ms). */
  inboxPollMs?: number
  /**
   * Who brings the other hosted members up to date after an append:
   * "self" (default), the appending process in the background; "appliers",
   * a consumer of the log shared by every instance calls `applyAppended`
   * (NATS JetStream: one instance per entry, taken over when it dies).
   */
  fanOut?: "self" | "appliers"
  now?: () => number
}

/** What a delivered commit returns. */
export interface DeliveredCommit {
  /** The epoch the commit started. */
  epoch: number
  /** Its seq in the group log. */
  seq: number
  commit: Uint8Array
  /** Adds: the Welcome for the new members. */
  welcome?: Uint8Array
}

/** What a delivered message returns. */
export interface DeliveredMessage {
  epoch: number
  seq: number
  message: Uint8Array
}

const READ_BATCH = 200
/** How long a group's listed hosted members serve fan-outs, and how many groups are kept. */
const MEMBERS_TTL_MS = 1000
const MEMBERS_CACHE_GROUPS = 10_000

/** The Delivery Service for hosted members; see the module comment. */
export class HostedDelivery {
  readonly inbox: Inbox
  private readonly client: MlsClient
  private readonly store: MlsStore
  private readonly log: GroupLog
  private readonly deliveryStore: DeliveryStore
  private readonly observer: DeliveryObserver
  private readonly queue = new KeyedQueue()
  private readonly now: () => number
  private readonly autoJoin: boolean
  private readonly maxCommitAttempts: number
  private readonly futureEpochRetries: number
  private readonly keyPackageTarget: number
  private readonly lastResortKeyPackage: boolean
  private readonly futureWaits = new Map<string, { seq: number; waits: number }>()
  /** Seqs of messages this process appended for a member, skipped without a decrypt attempt. */
  private readonly ownMessages = new Map<string, Set<number>>()
  private readonly background = new Set<Promise<unknown>>()
  private readonly membersCache = new Map<string, { at: number; members: HostedMember[] }>()
  private readonly fanOutBy: "self" | "appliers"

  constructor(options: HostedDeliveryOptions) {
    this.client = options.client
    this.store = options.store
    this.log = options.log
    this.deliveryStore = options.deliveryStore
    this.observer = options.observer ?? {}
    this.now = options.now ?? Date.now
    this.autoJoin = options.autoJoin ?? true
    this.maxCommitAttempts = positive(options.maxCommitAttempts ?? 5, "maxCommitAttempts")
    this.futureEpochRetries = positive(options.futureEpochRetries ?? 3, "futureEpochRetries")
    this.keyPackageTarget = positive(options.keyPackageTarget ?? 5, "keyPackageTarget")
    this.lastResortKeyPackage = options.lastResortKeyPackage ?? true
    this.fanOutBy = options.fanOut ?? "self"
    this.inbox = new Inbox({
      store: options.deliveryStore,
      cipher: createAtRestCipher(options.stateKey, TS_MLS_VERSION),
      ...(options.inboxPollMs !== undefined ? { pollIntervalMs: options.inboxPollMs } : {}),
    })
  }

  // ------------------------------------------------------------------ members

  /** Apply every log entry the member has not applied yet (and publish a staged commit left by a crash). */
  catchUp(groupId: LocalGroupId): Promise<void> {
    return this.queue.run(groupId, () =>
      whileRaced(async () => {
        await this.applyAll(groupId)
      }),
    )
  }

  /**
   * Catch up every active group of an identity. A group that cannot catch up
   * (it fell behind retention, its store write failed) is reported and
   * skipped, so it never holds back the identity's other groups.
   */
  async catchUpIdentity(identityId: string): Promise<void> {
    const groups = await this.store.listGroups(identityId)
    for (const group of groups) {
      if (group.metadata.status === "removed") continue
      try {
        await this.catchUp(group.id)
      } catch (err) {
        this.observer.backgroundError?.(group.id, err)
      }
    }
  }

  /** Encrypt a message on the member's current epoch and append it; every other member receives it. */
  send(groupId: LocalGroupId, plaintext: Uint8Array, aad?: Uint8Array): Promise<DeliveredMessage> {
    return this.queue.run(groupId, () => whileRaced(() => this.sendOnce(groupId, plaintext, aad)))
  }

  private async sendOnce(
    groupId: LocalGroupId,
    plaintext: Uint8Array,
    aad: Uint8Array | undefined,
  ): Promise<DeliveredMessage> {
    const record = await this.applyAll(groupId)
    const message = await this.client.sendMessage(groupId, plaintext, aad)
    const appended = await this.append(groupId, record.mlsGroupId, message)
    this.rememberOwn(groupId, appended.seq)
    this.fanOut(record.mlsGroupId, groupId)
    return { epoch: appended.epoch, seq: appended.seq, message }
  }

  /** Add members by key package or by identity name (claiming their published key packages). */
  async addMembers(
    groupId: LocalGroupId,
    by: { keyPackages?: Uint8Array[]; identities?: string[] },
  ): Promise<DeliveredCommit> {
    const keyPackages = [...(by.keyPackages ?? [])]
    if (by.identities?.length) {
      const claimed = await this.claimKeyPackages(by.identities)
      keyPackages.push(...claimed.map((c) => c.keyPackage))
    }
    return this.commit(groupId, () => ({ kind: "add", keyPackages }))
  }

  /** Remove members by leaf index or identity name. */
  removeMembers(
    groupId: LocalGroupId,
    by: { leafIndices?: number[]; identities?: string[] },
  ): Promise<DeliveredCommit> {
    return this.commit(groupId, async () => {
      const details = await this.client.group(groupId)
      const targets: RemoveTarget[] = removeTargets(details.members, details.ownLeafIndex, by)
      return { kind: "remove", targets }
    })
  }

  /** Rotate the member's own keys. */
  selfUpdate(groupId: LocalGroupId): Promise<DeliveredCommit> {
    return this.commit(groupId, () => ({ kind: "update" }))
  }

  /**
   * Leave a group: the member's self-remove proposal is appended and its
   * state deleted; another hosted member of the group then commits the
   * proposal (in the background), so the leaver's leaf leaves the tree.
   */
  leave(groupId: LocalGroupId): Promise<DeliveredMessage> {
    return this.queue.run(groupId, async () => {
      const record = await this.applyAll(groupId)
      const proposal = await this.client.leaveGroup(groupId)
      const appended = await this.append(groupId, record.mlsGroupId, proposal)
      this.fanOut(record.mlsGroupId, groupId, { commitProposals: true })
      return { epoch: appended.epoch, seq: appended.seq, message: proposal }
    })
  }

  /**
   * A member's group log after a cursor, for current members only: a member
   * whose state says it was removed (or who has none) is refused.
   */
  async readLog(
    groupId: LocalGroupId,
    options: { after?: number; limit?: number } = {},
  ): Promise<LogEntry[]> {
    const record = await this.store.getGroup(groupId)
    if (!record || record.metadata.status === "removed")
      throw new NotFoundError("no such group for this identity")
    return this.log.read(record.mlsGroupId, options)
  }

  /** An identity's inbox after a cursor (its groups caught up first). */
  async readInbox(
    identityId: string,
    options: { after?: number; limit?: number } = {},
  ): Promise<InboxEntry[]> {
    await this.catchUpIdentity(identityId)
    return this.inbox.read(identityId, options)
  }

  // ---------------------------------------------------------- key packages

  /**
   * Claim one published key package of each named identity, atomically per
   * package; NotFoundError naming everyone who has none (or is unknown).
   * Hosted identities' stock is refilled afterwards.
   */
  async claimKeyPackages(names: string[]): Promise<{ identity: string; keyPackage: Uint8Array }[]> {
    if (!Array.isArray(names) || names.length === 0)
      throw new NotFoundError("name at least one identity")
    const identities = await this.client.listIdentities()
    const byName = new Map(identities.map((i) => [i.name, i.id]))
    const elsewhere = new Set(identities.filter((i) => !isHosted(i)).map((i) => i.id))
    const unknown = names.filter((n) => !byName.has(n))
    if (unknown.length > 0) throw new NotFoundError(`no key package for ${unknown.join(", ")}`)
    const out: { identity: string; keyPackage: Uint8Array }[] = []
    const missing: string[] = []
    for (const name of names) {
      const id = byName.get(name) as string
      const hosted = !elsewhere.has(id)
      let claimed = await this.deliveryStore.claimKeyPackage(id, this.now())
      if (!claimed && hosted) {
        // An identity made before delivery was on has no stock yet: publish it once.
        await this.refillKeyPackages(id)
        claimed = await this.deliveryStore.claimKeyPackage(id, this.now())
      }
      if (claimed) {
        out.push({ identity: name, keyPackage: claimed.keyPackage })
        const left = await this.deliveryStore.keyPackageStock(id)
        this.observer.keyPackageClaimed?.(hosted ? "hosted" : "external", left.unclaimed)
      } else missing.push(name)
      // An identity whose keys live elsewhere uploads its own stock.
      if (hosted) this.track(this.refillKeyPackages(id), id)
    }
    if (missing.length > 0) throw new NotFoundError(`no key package for ${missing.join(", ")}`)
    return out
  }

  /** Publish key packages until the identity has the target stock (and a last-resort one, unless turned off). */
  async refillKeyPackages(identityId: string): Promise<void> {
    const stock = await this.deliveryStore.keyPackageStock(identityId)
    const missing = this.keyPackageTarget - stock.unclaimed
    if (missing > 0) {
      await this.client.generateKeyPackages(identityId, missing)
      this.observer.keyPackagesPublished?.("hosted", missing)
    }
    if (this.lastResortKeyPackage && !stock.lastResort) {
      await this.client.generateKeyPackages(identityId, 1, { lastResort: true })
      this.observer.keyPackagesPublished?.("hosted", 1)
    }
  }

  // ------------------------------------------------------------- lifecycle

  /** At start: publish commits a crash left staged and catch every active group up. */
  async recover(): Promise<void> {
    for (const group of await this.store.listGroups()) {
      if (group.metadata.status === "removed") continue
      try {
        await this.catchUp(group.id)
      } catch (err) {
        this.observer.backgroundError?.(group.id, err)
      }
    }
  }

  /** Wait for background fan-out and refills to settle (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background])
  }

  // ------------------------------------------------------------- internals

  /**
   * Make a commit for an intent, publish it, and apply the log through it.
   * A commit that lost the fence is dropped and the intent made again on the
   * new epoch, up to maxCommitAttempts times.
   */
  private commit(
    groupId: LocalGroupId,
    intentOf: () => CommitIntent | Promise<CommitIntent>,
  ): Promise<DeliveredCommit> {
    return this.queue.run(groupId, () => whileRaced(() => this.commitOnce(groupId, intentOf)))
  }

  private async commitOnce(
    groupId: LocalGroupId,
    intentOf: () => CommitIntent | Promise<CommitIntent>,
  ): Promise<DeliveredCommit> {
    let record = await this.applyAll(groupId)
    const intent = await intentOf()
    for (let attempt = 1; attempt <= this.maxCommitAttempts; attempt++) {
      if (attempt > 1) {
        this.observer.redo?.(groupId, attempt)
        record = await this.applyAll(groupId)
      }
      const staged = await this.stage(groupId, intent)
      if (!staged)
        throw new ConflictError("the members to remove are no longer in the group", {
          retryable: false,
        })
      // Published from what was staged, not from the stored pending commit:
      // another instance may have published and merged it meanwhile, and
      // the log's dedupe then answers with its seq.
      const published = await this.publish(groupId, record.mlsGroupId, {
        epoch: readProtocolFraming(staged.commit).epoch,
        commit: staged.commit,
        ...(staged.welcome ? { welcome: staged.welcome } : {}),
        dedupeId: defaultDedupeId(staged.commit),
        intent,
      })
      if (published === undefined) continue
      await this.applyAll(groupId)
      this.fanOut(record.mlsGroupId, groupId, { checkForks: true })
      return {
        epoch: staged.epoch,
        seq: published,
        commit: staged.commit,
        ...(staged.welcome ? { welcome: staged.welcome } : {}),
      }
    }
    throw new CommitRedoExhaustedError(this.maxCommitAttempts)
  }

  /** Stage the intent's commit on the current epoch; undefined when nothing is left to do. */
  private async stage(
    groupId: LocalGroupId,
    intent: CommitIntent,
  ): Promise<{ epoch: number; commit: Uint8Array; welcome?: Uint8Array } | undefined> {
    switch (intent.kind) {
      case "add": {
        const out = await this.client.addMembers(groupId, intent.keyPackages, { staged: true })
        return { epoch: out.epoch, commit: out.commit, welcome: out.welcome }
      }
      case "remove": {
        const leaves = leavesOf(await this.client.members(groupId), intent.targets)
        if (leaves.length === 0) return undefined
        const commit = await this.client.removeMembers(groupId, leaves, { staged: true })
        return { epoch: readProtocolFraming(commit).epoch + 1, commit }
      }
      case "update": {
        const commit = await this.client.selfUpdate(groupId, { staged: true })
        return { epoch: readProtocolFraming(commit).epoch + 1, commit }
      }
    }
  }

  /** A staged commit left by a crash (or by another instance), published again. */
  private async publishStaged(
    groupId: LocalGroupId,
    mlsGroupId: Uint8Array,
  ): Promise<number | undefined> {
    const pending = await this.client.pendingCommit(groupId)
    if (!pending) return undefined
    return this.publish(groupId, mlsGroupId, {
      epoch: pending.epoch,
      commit: pending.commit,
      ...(pending.welcome ? { welcome: pending.welcome } : {}),
      dedupeId: pending.dedupeId,
      intent: pending.intent,
    })
  }

  /**
   * Append a staged commit under its dedupe id (again after a crash or by
   * another instance: the log answers with the seq it already has).
   * Appended: the Welcome goes to hosted newcomers, and the commit takes
   * effect when the member's catch-up reaches it. Fenced out (or voided):
   * the staged commit, if still stored, is discarded. Returns the commit's
   * seq, or undefined when it lost.
   */
  private async publish(
    groupId: LocalGroupId,
    mlsGroupId: Uint8Array,
    staged: {
      epoch: number
      commit: Uint8Array
      welcome?: Uint8Array
      dedupeId: string
      intent: { kind: string; keyPackages?: Uint8Array[] }
    },
  ): Promise<number | undefined> {
    let appended: AppendResult
    try {
      appended = await this.append(groupId, mlsGroupId, staged.commit, staged.dedupeId)
    } catch (err) {
      if (!(err instanceof CommitConflictError)) throw err
      this.observer.fenced?.(groupId, err.winnerSeq)
      await this.client.discardCommit(groupId, { dedupeId: staged.dedupeId })
      return undefined
    }
    if (appended.voided) {
      await this.client.discardCommit(groupId, { dedupeId: staged.dedupeId })
      return undefined
    }
    if (staged.welcome)
      await this.deliverWelcome(staged.welcome, staged.intent, appended.seq, {
        mlsGroupId,
        epoch: staged.epoch + 1,
      })
    return appended.seq
  }

  /** Append a hosted member's message to its group's log, in a span. */
  private async append(
    groupId: LocalGroupId,
    mlsGroupId: Uint8Array,
    message: Uint8Array,
    dedupeId?: string,
  ): Promise<AppendResult> {
    const appended = await this.span("mls.delivery.append", { "mls.bytes": message.length }, () =>
      this.log.append(mlsGroupId, message, dedupeId ? { dedupeId } : {}),
    )
    if (!appended.duplicate)
      this.observer.appended?.(appended.kind, groupId, appended.seq, appended.epoch, message.length)
    return appended
  }

  private span<T>(
    name: string,
    attributes: Record<string, string | number | boolean>,
    work: () => Promise<T>,
  ): Promise<T> {
    return this.observer.span ? this.observer.span(name, attributes, work) : work()
  }

  /**
   * Hand a Welcome to the hosted owners of the added key packages: they join
   * now (their cursor starts after the commit that added them), or find it
   * in their inbox when auto-join is off. Joins already done are skipped.
   */
  private async deliverWelcome(
    welcome: Uint8Array,
    intent: { kind: string; keyPackages?: Uint8Array[] },
    commitSeq: number,
    group: { mlsGroupId: Uint8Array; epoch: number },
  ): Promise<void> {
    if (intent.kind !== "add" || !intent.keyPackages) return
    const refs: string[] = []
    for (const keyPackage of intent.keyPackages)
      refs.push((await this.client.inspectKeyPackage(keyPackage)).ref)
    await this.routeWelcome(welcome, refs, commitSeq, group)
  }

  /**
   * Hand a Welcome to each addressee named by its key package refs (those
   * published here): a hosted identity joins (or finds it in its inbox
   * with auto-join off), an identity whose keys live elsewhere finds it
   * among its Welcomes. Refs of packages published elsewhere are skipped.
   */
  async routeWelcome(
    welcome: Uint8Array,
    refs: string[],
    commitSeq: number,
    group: { mlsGroupId: Uint8Array; epoch: number },
  ): Promise<{ hosted: number; external: number }> {
    const routed = { hosted: 0, external: 0 }
    for (const ref of refs) {
      const record = await this.store.getKeyPackage(ref)
      if (!record) continue
      const identityId = record.identityId
      if (!isHosted(await this.client.getIdentity(identityId))) {
        const stored = await this.deliveryStore.putWelcome({
          id: welcomeId(welcome),
          identityId,
          mlsGroupId: group.mlsGroupId,
          welcome,
          createdAt: this.now(),
        })
        if (!stored.duplicate) this.observer.welcomeStored?.()
        routed.external++
        continue
      }
      routed.hosted++
      if (!this.autoJoin) {
        await this.inbox.deliver(identityId, [
          {
            type: "welcome",
            groupId: localGroupId(identityId, group.mlsGroupId),
            epoch: group.epoch,
            seq: commitSeq,
            time: this.now(),
            welcome,
          },
        ])
        continue
      }
      await this.join(identityId, welcome, commitSeq)
    }
    return routed
  }

  /**
   * An entry was appended to the group's log by someone who is not hosted
   * here (a member whose keys live elsewhere): the hosted members catch up
   * in the background, and after a commit their epoch authenticators are
   * compared.
   */
  appendedElsewhere(mlsGroupId: Uint8Array, kind: string): void {
    this.fanOut(mlsGroupId, "", { checkForks: kind === "commit" })
  }

  /** The group's hosted members (local groups), listed from the store now. */
  listHostedMembers(mlsGroupId: Uint8Array): Promise<HostedMember[]> {
    return this.deliveryStore.listHostedMembers(mlsGroupId)
  }

  private async join(identityId: string, welcome: Uint8Array, commitSeq: number): Promise<void> {
    let groupId: LocalGroupId
    try {
      groupId = await this.client.joinGroup(identityId, welcome)
    } catch (err) {
      // Joined before a crash: the key package is gone or the group is there.
      if (MlskitError.isInstance(err) && (err.code === "CONFLICT" || err.code === "NOT_FOUND"))
        return
      throw err
    }
    await this.client.markApplied(groupId, commitSeq)
    this.membersCache.delete(groupId.slice(groupId.indexOf(".") + 1))
    this.observer.joined?.(groupId)
    const details = await this.client.group(groupId)
    await this.inbox.deliver(identityId, [
      {
        type: "joined",
        groupId,
        epoch: details.epoch,
        seq: commitSeq,
        time: this.now(),
        members: details.members.map((m) => ({
          leafIndex: m.leafIndex,
          identity: m.identity,
          credentialType: m.credentialType,
        })),
      },
    ])
    this.track(this.refillKeyPackages(identityId), groupId)
  }

  /**
   * Apply the log to one member (in its queue): first a staged commit left
   * by a crash is published or dropped, then every entry after the applied
   * cursor in order. Returns the record as it was at the start.
   */
  private async applyAll(groupId: LocalGroupId): Promise<GroupSummary> {
    // Core's cached summary: no copy of the state per delivered entry. A
    // record another instance moved meets compare-and-swap in the apply.
    let record = await this.summary(groupId)
    if (record.status === "removed") return record
    if (record.pendingEpoch !== undefined) {
      await this.publishStaged(groupId, record.mlsGroupId)
      record = await this.summary(groupId)
    }
    let after = record.appliedSeq ?? 0
    let epoch = record.epoch
    // Skipped entries (past handshake, own messages, unusable ones) move the
    // cursor with the next processed entry's write, or with one write at the end.
    let skippedTo = 0
    const settle = async () => {
      if (skippedTo > 0) await this.client.markApplied(groupId, skippedTo)
    }
    for (;;) {
      let entries: LogEntry[]
      try {
        entries = await this.log.read(record.mlsGroupId, { after, limit: READ_BATCH })
      } catch (err) {
        if (err instanceof FellBehindError) this.observer.fellBehind?.(groupId)
        throw err
      }
      if (entries.length === 0) {
        await settle()
        return record
      }
      // A batch that is not full ends at the head (as of the read): no extra
      // query, and no read after it (an entry appended since has its own
      // fan-out, queued behind this catch-up).
      const atHead = entries.length < READ_BATCH
      const lastSeq = atHead
        ? (entries.at(-1)?.seq ?? after)
        : (await this.log.head(record.mlsGroupId)).lastSeq
      for (const entry of entries) {
        const lag = { entries: lastSeq - entry.seq, from: entry.time }
        const outcome = await this.span(
          "mls.delivery.apply",
          {
            "mls.delivery.kind": entry.kind,
            "mls.delivery.seq": entry.seq,
            "mls.epoch": entry.epoch,
          },
          () => this.applyEntry(groupId, record.identityId, entry, epoch, lag),
        )
        if (outcome === "stop") {
          await settle()
          return record
        }
        epoch = outcome.epoch
        skippedTo = outcome.stored ? 0 : entry.seq
        after = entry.seq
      }
      if (atHead) {
        await settle()
        return record
      }
    }
  }

  /**
   * Apply one entry; returns the member's epoch after it and whether the
   * cursor was stored at the entry (false: it was skipped), or "stop".
   */
  private async summary(groupId: LocalGroupId): Promise<GroupSummary> {
    try {
      return await this.client.peekSummary(groupId)
    } catch (err) {
      if (err instanceof GroupNotFoundError) throw new NotFoundError("no such group")
      throw err
    }
  }

  private async applyEntry(
    groupId: LocalGroupId,
    identityId: string,
    entry: LogEntry,
    epoch: number,
    lag: { entries: number; from: number },
  ): Promise<{ epoch: number; stored: boolean } | "stop"> {
    // The commit that added the member, or handshake of epochs it never saw.
    if (entry.kind !== "application" && entry.epoch < epoch) return { epoch, stored: false }
    // The member's own message, known since this process appended it (after a
    // restart core recognises it instead: own_message below).
    if (entry.kind === "application" && this.forgetOwn(groupId, entry.seq))
      return { epoch, stored: false }
    if (entry.epoch > epoch) {
      const wait = this.futureWaits.get(groupId)
      const waits = wait?.seq === entry.seq ? wait.waits + 1 : 1
      this.observer.futureEpochWait?.(groupId, entry.seq)
      if (waits <= this.futureEpochRetries) {
        this.futureWaits.set(groupId, { seq: entry.seq, waits })
        return "stop"
      }
      this.futureWaits.delete(groupId)
      return this.skip(groupId, entry, "future_epoch", epoch)
    }
    let staged = false
    try {
      const result = await this.client.processMessage(groupId, entry.message, {
        appliedSeq: entry.seq,
        beforePersist: async (processed) => {
          const effects = entryEffects(groupId, entry, processed, this.now())
          if (effects.length === 0) return
          // One transaction with the state where the store can; else the
          // inbox first, idempotently (a crash in between repeats the apply).
          staged = this.inbox.stage(identityId, groupId, effects)
          if (!staged) await this.inbox.deliver(identityId, effects)
        },
      })
      if (staged) this.inbox.staged(identityId)
      const seconds = Math.max(0, this.now() - lag.from) / 1000
      this.observer.applied?.(groupId, entry.kind, lag.entries, seconds)
      this.observer.processed?.(groupId, entry, result)
      if (result.kind === "removed") return "stop"
      return { epoch: result.kind === "commit" ? result.epoch : epoch, stored: true }
    } catch (err) {
      if (!MlskitError.isInstance(err)) throw err
      if (err.reason === "own_message") return { epoch, stored: false }
      if (err.code === "INVALID_MESSAGE" || err.code === "CRYPTO_ERROR")
        return this.skip(groupId, entry, err.reason ?? err.code, epoch)
      if (err.code === "CONFLICT") {
        // Another applier (instance) got there first: follow the stored state.
        const now = await this.store.getGroup(groupId)
        if (now && appliedSeqOf(now) >= entry.seq) return { epoch: now.epoch, stored: true }
      }
      throw err
    } finally {
      if (staged) this.inbox.unstage(groupId)
    }
  }

  private skip(
    groupId: LocalGroupId,
    entry: LogEntry,
    reason: string,
    epoch: number,
  ): { epoch: number; stored: false } {
    this.observer.skipped?.(groupId, entry.seq, reason)
    return { epoch, stored: false }
  }

  /**
   * Catch up every other hosted member of the group in the background, then
   * compare the epoch authenticators of those at the same epoch.
   */
  private fanOut(
    mlsGroupId: Uint8Array,
    origin: LocalGroupId,
    options: { commitProposals?: boolean; checkForks?: boolean } = {},
  ): void {
    if (this.fanOutBy === "appliers") return
    this.track(this.bringUpToDate(mlsGroupId, origin, options), origin)
  }

  /**
   * For the log's shared consumer (`fanOut: "appliers"`): an entry of kind
   * `kind` was appended to the group's log; every hosted member applies
   * what it has not applied yet (a commit: then their epoch authenticators
   * are compared; a proposal: a hosted member commits it). Resolves when
   * done, so the consumer acknowledges the entry only then.
   */
  applyAppended(mlsGroupId: Uint8Array, kind: string): Promise<void> {
    return this.bringUpToDate(mlsGroupId, "", {
      checkForks: kind === "commit",
      commitProposals: kind === "proposal",
    })
  }

  private async bringUpToDate(
    mlsGroupId: Uint8Array,
    origin: LocalGroupId | "",
    options: { commitProposals?: boolean; checkForks?: boolean },
  ): Promise<void> {
    const members = await this.hostedMembers(mlsGroupId)
    await Promise.all(
      members
        .filter((m) => m.groupId !== origin)
        .map((m) =>
          this.catchUp(m.groupId).catch((err) => this.observer.backgroundError?.(m.groupId, err)),
        ),
    )
    // Only a commit moves epochs: messages cannot fork a group.
    if (options.checkForks)
      await this.checkForks(
        mlsGroupId,
        members.map((m) => m.groupId),
      )
    if (options.commitProposals) await this.commitProposals(members, origin)
  }

  /**
   * The group's hosted members for a fan-out, listed at most once per
   * MEMBERS_TTL_MS (a store lists them by reading every group record). A
   * member that joined since is reached by the next listing, and any read
   * of its inbox or group catches it up before: fan-out only saves waiting.
   */
  private async hostedMembers(mlsGroupId: Uint8Array): Promise<HostedMember[]> {
    const key = Buffer.from(mlsGroupId).toString("base64url")
    const cached = this.membersCache.get(key)
    if (cached && this.now() - cached.at < MEMBERS_TTL_MS) return cached.members
    const members = await this.deliveryStore.listHostedMembers(mlsGroupId)
    this.membersCache.set(key, { at: this.now(), members })
    if (this.membersCache.size > MEMBERS_CACHE_GROUPS) {
      const oldest = this.membersCache.keys().next().value
      if (oldest !== undefined) this.membersCache.delete(oldest)
    }
    return members
  }

  /**
   * One hosted member (the first active one but `origin`) commits the
   * proposals it holds, with an update commit that covers them.
   */
  private async commitProposals(
    members: { groupId: LocalGroupId }[],
    origin: LocalGroupId,
  ): Promise<void> {
    for (const member of members) {
      if (member.groupId === origin) continue
      const record = await this.store.getGroup(member.groupId)
      if (!record || record.metadata.status === "removed") continue
      await this.commit(member.groupId, () => ({ kind: "update" }))
      return
    }
  }

  /**
   * Report hosted members that share an epoch but not its epoch
   * authenticator. Each member is read in its own queue, so its epoch and
   * authenticator come from one state.
   */
  private async checkForks(mlsGroupId: Uint8Array, groupIds: LocalGroupId[]): Promise<void> {
    const byEpoch = new Map<number, Map<string, string[]>>()
    for (const id of groupIds) {
      const seen = await this.queue.run(id, () => this.epochSeal(id))
      if (!seen) continue
      const epochs = byEpoch.get(seen.epoch) ?? new Map<string, string[]>()
      byEpoch.set(seen.epoch, epochs)
      epochs.set(seen.authenticator, [...(epochs.get(seen.authenticator) ?? []), id])
    }
    for (const [epoch, authenticators] of byEpoch) {
      if (authenticators.size > 1)
        this.observer.forkDetected?.(mlsGroupId, epoch, [...authenticators.values()].flat())
    }
  }

  /** A member's epoch and epoch authenticator, or undefined when it has none to compare. */
  private async epochSeal(
    id: LocalGroupId,
  ): Promise<{ epoch: number; authenticator: string } | undefined> {
    const record = await this.store.getGroup(id)
    if (!record || record.metadata.status === "removed" || record.metadata.pendingEpoch)
      return undefined
    try {
      const authenticator = await this.client.epochAuthenticator(id)
      const again = await this.store.getGroup(id)
      // Another instance moved the member on meanwhile: nothing to compare.
      if (again?.version !== record.version) return undefined
      return { epoch: record.epoch, authenticator: Buffer.from(authenticator).toString("hex") }
    } catch {
      return undefined
    }
  }

  private rememberOwn(groupId: LocalGroupId, seq: number): void {
    let seqs = this.ownMessages.get(groupId)
    if (!seqs) {
      seqs = new Set()
      this.ownMessages.set(groupId, seqs)
    }
    seqs.add(seq)
  }

  /** True (and forgotten) when `seq` is a message this process appended for the member. */
  private forgetOwn(groupId: LocalGroupId, seq: number): boolean {
    const seqs = this.ownMessages.get(groupId)
    if (!seqs?.delete(seq)) return false
    if (seqs.size === 0) this.ownMessages.delete(groupId)
    return true
  }

  private track(work: Promise<unknown>, groupId: string): void {
    const tracked = work.catch((err) => this.observer.backgroundError?.(groupId, err))
    this.background.add(tracked)
    void tracked.finally(() => this.background.delete(tracked))
  }
}

/** Runs of one member's work that another process's write may cut short. */
const RACED_RUNS = 3

/**
 * Run `work` again (up to RACED_RUNS times) when another process changed
 * the member's stored state under it (a retryable CONFLICT): every run
 * starts by catching up from the log, and nothing left the process before
 * the failed write, so a run again is safe.
 */
async function whileRaced<T>(work: () => Promise<T>): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await work()
    } catch (err) {
      const raced =
        MlskitError.isInstance(err) &&
        err.code === "CONFLICT" &&
        err.retryable &&
        !(err instanceof CommitConflictError) &&
        !(err instanceof CommitRedoExhaustedError)
      if (!raced || run >= RACED_RUNS) throw err
    }
  }
}

function appliedSeqOf(record: GroupRecord): number {
  const value = Number(record.metadata.appliedSeq ?? 0)
  return Number.isSafeInteger(value) && value >= 0 ? value : 0
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidInputError(`${name} must be a positive integer`)
  return value
}

/** Whether an identity's keys are kept here (identities made before the flag existed are). */
function isHosted(identity: { id: string; hosted?: boolean }): boolean {
  return identity.hosted !== false
}

/** A Welcome's id in an addressee's list: its SHA-256, base64url (the same Welcome twice is one). */
function welcomeId(welcome: Uint8Array): string {
  return createHash("sha256").update(welcome).digest("base64url")
}
