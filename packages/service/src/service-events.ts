/**
 * Turns service operations into events on the broadcaster. Events carry ids,
 * epochs, sizes and leaf indices, never plaintext or key material. An event
 * that no subscriber or stream would receive is not built.
 */
import { type GroupDetails, identityIdOf as identityOf, type ProcessResult } from "@mlskit/core"
import {
  type MlsEventBroadcaster,
  type MlsEventMap,
  type MlsEventType,
  mlsEvent,
} from "@mlskit/events"

/** Emits the MLS event types for each kind of operation. */
export class ServiceEvents {
  constructor(private readonly events: MlsEventBroadcaster) {}

  /** True when an event of `type` would reach anyone now. */
  wants(type: MlsEventType): boolean {
    return this.events.hasSubscribers(type)
  }

  identityCreated(identity: string): void {
    if (!this.wants("IdentityCreated")) return
    this.events.emit(mlsEvent("IdentityCreated", { identity }))
  }

  keyPackagesGenerated(identity: string, count: number, ciphersuite: string): void {
    if (!this.wants("KeyPackagesGenerated")) return
    this.events.emit(mlsEvent("KeyPackagesGenerated", { identity, count, ciphersuite }))
  }

  groupCreated(g: GroupDetails): void {
    if (!this.wants("GroupCreated")) return
    this.events.emit(mlsEvent("GroupCreated", { ...this.base(g), ciphersuite: g.ciphersuite }))
  }

  groupJoined(g: GroupDetails): void {
    if (!this.wants("GroupJoined")) return
    this.events.emit(
      mlsEvent("GroupJoined", {
        ...this.base(g),
        leafIndex: g.ownLeafIndex,
        memberCount: g.members.length,
      }),
    )
  }

  logAppended(
    groupId: string,
    kind: "commit" | "proposal" | "application",
    seq: number,
    epoch: number,
    bytes: number,
  ): void {
    if (!this.wants("LogAppended")) return
    this.events.emit(
      mlsEvent("LogAppended", { identity: identityOf(groupId), groupId, epoch, seq, kind, bytes }),
    )
  }

  entryApplied(
    groupId: string,
    kind: "commit" | "proposal" | "application",
    seq: number,
    epoch: number,
  ): void {
    if (!this.wants("EntryApplied")) return
    this.events.emit(
      mlsEvent("EntryApplied", { identity: identityOf(groupId), groupId, epoch, seq, kind }),
    )
  }

  messageSent(groupId: string, epoch: number, bytes: number): void {
    if (!this.wants("MessageSent")) return
    // The two per-message events are built as literals rather than with
    // mlsEvent: its spread sees every event type's shape, so V8 copies there
    // on its slow generic path, a few µs per message.
    this.events.emit({
      identity: identityOf(groupId),
      groupId,
      epoch,
      bytes,
      type: "MessageSent",
      time: Date.now(),
    } satisfies MlsEventMap["MessageSent"])
  }

  messageRejected(groupId: string, bytes: number, code: string): void {
    if (!this.wants("MessageRejected")) return
    this.events.emit(
      mlsEvent("MessageRejected", {
        identity: identityOf(groupId),
        groupId,
        epoch: -1,
        bytes,
        code,
      }),
    )
  }

  membersAdded(g: GroupDetails, leafIndices: readonly number[]): void {
    if (this.wants("MemberAdded")) {
      this.events.emit(
        mlsEvent("MemberAdded", { ...this.base(g), leafIndices, memberCount: g.members.length }),
      )
    }
    this.epochAdvanced(g, "local")
  }

  membersRemoved(g: GroupDetails, leafIndices: readonly number[]): void {
    if (this.wants("MemberRemoved")) {
      this.events.emit(
        mlsEvent("MemberRemoved", { ...this.base(g), leafIndices, memberCount: g.members.length }),
      )
    }
    this.epochAdvanced(g, "local")
  }

  keyUpdated(g: GroupDetails): void {
    if (this.wants("KeyUpdated")) {
      this.events.emit(mlsEvent("KeyUpdated", { ...this.base(g), leafIndex: g.ownLeafIndex }))
    }
    this.epochAdvanced(g, "local")
  }

  groupLeft(groupId: string, epoch: number): void {
    if (!this.wants("GroupLeft")) return
    this.events.emit(mlsEvent("GroupLeft", { identity: identityOf(groupId), groupId, epoch }))
  }

  /** Events for a processed message; `details` is the group after a commit. */
  processed(groupId: string, result: ProcessResult, bytes: number, details?: GroupDetails): void {
    if (result.kind === "application") {
      if (!this.wants("MessageReceived")) return
      // A literal, like MessageSent's.
      this.events.emit({
        identity: identityOf(groupId),
        groupId,
        epoch: result.epoch,
        bytes,
        senderLeafIndex: result.sender?.leafIndex ?? -1,
        type: "MessageReceived",
        time: Date.now(),
      } satisfies MlsEventMap["MessageReceived"])
      return
    }
    const identity = identityOf(groupId)
    const sender = result.sender?.leafIndex ?? -1
    switch (result.kind) {
      case "proposal":
        if (!this.wants("ProposalReceived")) return
        this.events.emit(
          mlsEvent("ProposalReceived", {
            identity,
            groupId,
            epoch: result.epoch,
            proposalType: result.proposalType,
            senderLeafIndex: sender,
          }),
        )
        return
      case "removed":
        if (!this.wants("RemovedFromGroup")) return
        this.events.emit(
          mlsEvent("RemovedFromGroup", {
            identity,
            groupId,
            epoch: result.epoch,
            ...(result.sender ? { byLeafIndex: sender } : {}),
          }),
        )
        return
      case "commit": {
        const proposalCount = result.membersAdded.length + result.membersRemoved.length
        if (this.wants("CommitReceived")) {
          this.events.emit(
            mlsEvent("CommitReceived", {
              identity,
              groupId,
              epoch: result.epoch,
              senderLeafIndex: sender,
              proposalCount,
              bytes,
            }),
          )
        }
        if (!details) return
        if (result.membersAdded.length > 0 && this.wants("MemberAdded")) {
          this.events.emit(
            mlsEvent("MemberAdded", {
              ...this.base(details),
              leafIndices: result.membersAdded.map((m) => m.leafIndex),
              memberCount: details.members.length,
            }),
          )
        }
        if (result.membersRemoved.length > 0 && this.wants("MemberRemoved")) {
          this.events.emit(
            mlsEvent("MemberRemoved", {
              ...this.base(details),
              leafIndices: result.membersRemoved.map((m) => m.leafIndex),
              memberCount: details.members.length,
            }),
          )
        }
        this.epochAdvanced(details, "remote")
      }
    }
  }

  private epochAdvanced(g: GroupDetails, source: "local" | "remote"): void {
    if (!this.wants("EpochAdvanced")) return
    this.events.emit(
      mlsEvent("EpochAdvanced", {
        ...this.base(g),
        previousEpoch: g.epoch - 1,
        memberCount: g.members.length,
        source,
      }),
    )
  }

  private base(g: GroupDetails): { identity: string; groupId: string; epoch: number } {
    return { identity: g.identityId, groupId: g.id, epoch: g.epoch }
  }
}
