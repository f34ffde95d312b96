/**
 * The Delivery Service for members whose keys live elsewhere (any MLS
 * client): they register the groups they create, read a group's log after
 * a cursor, append to it under the epoch fence, and fetch the Welcomes
 * addressed to them. The DS holds none of their keys, so it checks what it
 * can see in clear before anything is appended (RFC 9420 section 6 framing,
 * RFC 9750 section 5):
 * - the bytes are one whole MLSMessage (PublicMessage or PrivateMessage) of
 *   the group in the path, within the size limit;
 * - the caller is a current member (see `GroupViews`), and a PublicMessage's
 *   sender leaf is the caller's own;
 * - the epoch: a proposal is for the current epoch, an application message
 *   for one of the last `retainEpochs`, a commit for no epoch beyond the
 *   current one (an older one meets the fence and learns the winner);
 * - in a group the DS follows by its roster, a commit is a PublicMessage
 *   whose proposals the DS can resolve (a PrivateMessage commit would
 *   change the roster unseen);
 * - a Welcome sent with a commit is a whole Welcome of the group's suite.
 * A refused message appends nothing and changes nothing.
 */

import {
  type CiphersuiteName,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  InvalidMessageError,
  type MlsClient,
  NotFoundError,
} from "@mlskit/core"
import { ciphersuites } from "ts-mls"
import type { DeliveryStore, WelcomeRecord } from "../delivery-store.js"
import { AlreadyAppendedError } from "../errors.js"
import {
  encodeRoster,
  followEntry,
  newRoster,
  UnfollowableCommitError,
  welcomeRecipients,
} from "../external/index.js"
import type { GroupLog, LogEntry } from "../group-log.js"
import type { HostedDelivery } from "../hosted/hosted-delivery.js"
import { readFraming, readProtocolFraming } from "../read-framing.js"
import { type GroupView, GroupViews } from "./group-view.js"

/** Who calls: an identity of the service whose keys live elsewhere. */
export interface ExternalCaller {
  id: string
  name: string
}

/** Options of ExternalDelivery. */
export interface ExternalDeliveryOptions {
  client: MlsClient
  log: GroupLog
  deliveryStore: DeliveryStore
  hosted: HostedDelivery
  /** The service's MLS ciphersuite: registered groups and Welcomes must use it. */
  ciphersuite: CiphersuiteName
  /** The largest message or Welcome accepted, in bytes. */
  maxMessageBytes: number
  /** Past epochs whose application messages are still accepted (core's retain_epochs). */
  retainEpochs: number
  observer?: ExternalDeliveryObserver
  now?: () => number
}

/** What external delivery reports, for metrics (no ids in labels). */
export interface ExternalDeliveryObserver {
  externalAppended?(kind: string): void
  refused?(reason: string): void
  welcomesFetched?(count: number): void
  welcomeDeleted?(): void
}

/** The answer to an append. */
export interface ExternalAppendResult {
  seq: number
  epoch: number
  kind: string
  /** Addressees of the Welcome sent with the commit, by where their keys live. */
  welcomed?: { hosted: number; external: number }
}

/** The Delivery Service's routes for members whose keys live elsewhere. */
export class ExternalDelivery {
  private readonly views: GroupViews
  private readonly suite: number
  private readonly now: () => number
  private readonly observer: ExternalDeliveryObserver

  constructor(private readonly options: ExternalDeliveryOptions) {
    this.now = options.now ?? Date.now
    this.suite = ciphersuites[options.ciphersuite]
    this.observer = options.observer ?? {}
    this.views = new GroupViews({
      client: options.client,
      log: options.log,
      deliveryStore: options.deliveryStore,
      hosted: options.hosted,
      now: this.now,
    })
  }

  /**
   * Register a group an external client created: the caller is its only
   * member until its commits add others. ConflictError when the DS knows
   * the group already.
   */
  async register(caller: ExternalCaller, mlsGroupId: Uint8Array): Promise<void> {
    if (await this.views.exists(mlsGroupId))
      throw new ConflictError("a group with this id exists", { retryable: false })
    await this.options.deliveryStore.createRoster(
      mlsGroupId,
      encodeRoster(newRoster(this.suite, caller.name)),
      this.now(),
    )
  }

  /** Log entries after `after`, for a current member only. */
  async readLog(
    caller: ExternalCaller,
    mlsGroupId: Uint8Array,
    options: { after?: number; limit?: number } = {},
  ): Promise<LogEntry[]> {
    await this.memberView(caller, mlsGroupId)
    return this.options.log.read(mlsGroupId, options)
  }

  /** Append a member's message (and, with a commit, hand out its Welcome). */
  async append(
    caller: ExternalCaller,
    mlsGroupId: Uint8Array,
    message: Uint8Array,
    options: { welcome?: Uint8Array } = {},
  ): Promise<ExternalAppendResult> {
    try {
      return await this.appendChecked(caller, mlsGroupId, message, options)
    } catch (err) {
      if (err instanceof ForbiddenError) this.observer.refused?.("not_sender")
      else if (err instanceof InvalidMessageError || err instanceof InvalidInputError)
        this.observer.refused?.(err.reason === "protocol_violation" ? "voided" : "invalid")
      throw err
    }
  }

  /** The Welcomes waiting for the caller, oldest first. */
  async welcomes(caller: ExternalCaller, limit?: number): Promise<WelcomeRecord[]> {
    const list = await this.options.deliveryStore.listWelcomes(
      caller.id,
      limit === undefined ? {} : { limit },
    )
    this.observer.welcomesFetched?.(list.length)
    return list
  }

  /** Acknowledge (delete) one of the caller's Welcomes; NotFoundError when it has none with this id. */
  async deleteWelcome(caller: ExternalCaller, id: string): Promise<void> {
    if (!(await this.options.deliveryStore.deleteWelcome(caller.id, id)))
      throw new NotFoundError("no such welcome")
    this.observer.welcomeDeleted?.()
  }

  private async appendChecked(
    caller: ExternalCaller,
    mlsGroupId: Uint8Array,
    message: Uint8Array,
    options: { welcome?: Uint8Array },
  ): Promise<ExternalAppendResult> {
    const { log, maxMessageBytes } = this.options
    const framing = readProtocolFraming(message, { maxBytes: maxMessageBytes })
    if (!sameBytes(framing.groupId, mlsGroupId))
      throw new InvalidMessageError("the message is for another group")
    const welcomeRefs = options.welcome ? this.checkWelcome(options.welcome, framing) : undefined
    const view = await this.memberView(caller, mlsGroupId)
    if (framing.wireFormat === "public_message") {
      const sender = framing.sender
      if (sender.type !== "member")
        throw new InvalidMessageError(`a ${sender.type} sender cannot append here`)
      if (view.leaves[sender.leafIndex] !== caller.name)
        throw new ForbiddenError(
          `the message's sender (leaf ${sender.leafIndex}) is not the caller`,
        )
    }
    checkEpoch(framing.contentType, framing.epoch, view.epoch, this.options.retainEpochs)
    if (view.source === "roster" && framing.contentType !== "application")
      await this.checkFollowable(view, message, framing.wireFormat, framing.contentType)

    const appended = await log.append(mlsGroupId, message)
    if (appended.duplicate) throw new AlreadyAppendedError(appended.seq)
    this.observer.externalAppended?.(appended.kind)
    const result: ExternalAppendResult = {
      seq: appended.seq,
      epoch: appended.epoch,
      kind: appended.kind,
    }
    if (view.source === "roster") await this.views.current(mlsGroupId)
    else {
      if (appended.kind === "commit") await this.voidUnless(mlsGroupId, appended.seq, framing.epoch)
      this.options.hosted.appendedElsewhere(mlsGroupId, appended.kind)
    }
    if (options.welcome && welcomeRefs)
      result.welcomed = await this.options.hosted.routeWelcome(
        options.welcome,
        welcomeRefs,
        appended.seq,
        { mlsGroupId, epoch: appended.epoch + 1 },
      )
    return result
  }

  /**
   * An invalid winner must not hold an epoch's slot (RFC 9750 section 5.2):
   * a hosted member applies the commit at once; one it cannot apply (the
   * member stays at the commit's epoch, having skipped it) is voided, so
   * the slot reopens, and the appender is told. Hosted members all hold
   * the same state of an epoch, so one member's refusal is every member's.
   */
  private async voidUnless(mlsGroupId: Uint8Array, seq: number, epoch: number): Promise<void> {
    const after = await this.views.current(mlsGroupId)
    if (after.source !== "hosted" || after.epoch > epoch) return
    await this.options.log.voidCommit(mlsGroupId, seq)
    throw new InvalidMessageError(
      "the group's members could not apply the commit; it was voided and its epoch is open again",
      { reason: "protocol_violation" },
    )
  }

  /** The group's view with the caller in it; NotFoundError / ForbiddenError otherwise. */
  private async memberView(caller: ExternalCaller, mlsGroupId: Uint8Array): Promise<GroupView> {
    const view = await this.views.current(mlsGroupId)
    if (!view.leaves.includes(caller.name))
      throw new ForbiddenError("the caller is not a current member of this group")
    return view
  }

  /** The Welcome's addressees (key package refs); refused unless a commit carries it. */
  private checkWelcome(welcome: Uint8Array, framing: { contentType: string }): string[] {
    if (framing.contentType !== "commit")
      throw new InvalidInputError("a welcome goes with the commit that adds its members")
    const welcomeFraming = readFraming(welcome, { maxBytes: this.options.maxMessageBytes })
    if (welcomeFraming.wireFormat !== "welcome")
      throw new InvalidMessageError(
        `welcome: expected a welcome, got a ${welcomeFraming.wireFormat}`,
      )
    const { suite, refs } = welcomeRecipients(welcome)
    if (suite !== this.suite)
      throw new InvalidMessageError(`welcome: ciphersuite ${suite} is not the service's`)
    return refs
  }

  /** In a roster-followed group, a handshake message the roster could not follow is refused. */
  private async checkFollowable(
    view: GroupView,
    message: Uint8Array,
    wireFormat: string,
    contentType: string,
  ): Promise<void> {
    if (wireFormat === "private_message" && contentType === "commit")
      throw new UnfollowableCommitError(
        "this group has no hosted member, so the Delivery Service follows its roster from " +
          "PublicMessage commits: send commits as PublicMessage",
      )
    const roster = view.roster?.roster
    if (!roster) return
    await followEntry(roster, { seq: roster.seq + 1, message })
  }
}

/** Proposals for the current epoch; application messages for a retained epoch; commits up to now (the fence decides older ones). */
function checkEpoch(kind: string, epoch: number, current: number, retain: number): void {
  if (epoch > current)
    throw new InvalidMessageError(`the message is for epoch ${epoch}; the group is at ${current}`, {
      reason: "future_epoch",
    })
  if (kind === "proposal" && epoch < current)
    throw new InvalidMessageError(
      `the proposal is for epoch ${epoch}; the group is at ${current}`,
      {
        reason: "past_epoch",
      },
    )
  if (kind === "application" && epoch < current - retain)
    throw new InvalidMessageError(
      `the message is for epoch ${epoch}, older than the ${retain} retained epochs`,
      { reason: "past_epoch" },
    )
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}
