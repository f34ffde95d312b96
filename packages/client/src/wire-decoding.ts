/**
 * From the server's JSON to the client's types: base64url byte fields
 * become `Uint8Array`s, everything else is kept as the server sent it. The
 * wire shapes come from openapi-types.ts, so a renamed field fails to
 * compile here instead of arriving as `undefined`.
 */
import { fromBase64Url } from "./base64url.js"
import type { operations } from "./openapi-types.js"
import type {
  AddMembersResult,
  ClaimedKeyPackage,
  CommitResult,
  InboxEntry,
  LogEntry,
  ProcessedMessage,
  SentMessage,
  WaitingWelcome,
} from "./wire-types.js"

type Wire<Op extends keyof operations> = operations[Op]["responses"] extends {
  200: { content: { "application/json": infer Body } }
}
  ? Body
  : never

/** The answer of `POST /v1/groups/{groupId}/process`. */
export type WireProcessed = Wire<"postGroupsByGroupIdProcess">
/** The answer of `GET /v1/welcomes`. */
export type WireWelcomes = Wire<"getWelcomes">
/** The answer of `GET /v1/inbox`. */
export type WireInboxPage = Wire<"getInbox">
/** One inbox entry as the server sends it (in a page or as an event's data). */
export type WireInboxEntry = WireInboxPage["entries"][number]
/** The answer of `GET /v1/groups/{groupId}/log`. */
export type WireLogPage = Wire<"getGroupsByGroupIdLog">
/** The answer of `POST /v1/groups/{groupId}/members`. */
export type WireAdded = Wire<"postGroupsByGroupIdMembers">
/** The answer of the commit routes (update, remove). */
export type WireCommit = Wire<"postGroupsByGroupIdUpdate">
/** The answer of `POST /v1/groups/{groupId}/messages`. */
export type WireSent = Wire<"postGroupsByGroupIdMessages">
/** The answer of `POST /v1/key-packages/claim`. */
export type WireClaim = Wire<"postKeyPackagesClaim">

/** `epoch` and `seq` when the server sent them (delivery on), else nothing. */
function ordered(wire: { epoch?: number; seq?: number }): { epoch?: number; seq?: number } {
  return {
    ...(wire.epoch === undefined ? {} : { epoch: wire.epoch }),
    ...(wire.seq === undefined ? {} : { seq: wire.seq }),
  }
}

/** A commit answer with the commit as bytes. */
export function decodeCommit(wire: WireCommit): CommitResult {
  return { commit: fromBase64Url(wire.commit), ...ordered(wire) }
}

/** An add answer with the commit and the Welcome as bytes. */
export function decodeAdded(wire: WireAdded): AddMembersResult {
  return { ...decodeCommit(wire), welcome: fromBase64Url(wire.welcome) }
}

/** A send answer with the message as bytes. */
export function decodeSent(wire: WireSent): SentMessage {
  return { message: fromBase64Url(wire.message), ...ordered(wire) }
}

/** Claimed key packages as bytes. */
export function decodeClaim(wire: WireClaim): ClaimedKeyPackage[] {
  return wire.keyPackages.map((c) => ({
    identity: c.identity,
    keyPackage: fromBase64Url(c.keyPackage),
  }))
}

/** An inbox entry with its plaintext, authenticated data and Welcome as bytes. */
export function decodeInboxEntry(wire: WireInboxEntry): InboxEntry {
  const { plaintext, authenticatedData, welcome, ...rest } = wire
  return {
    ...rest,
    ...(plaintext === undefined ? {} : { plaintext: fromBase64Url(plaintext) }),
    ...(authenticatedData === undefined
      ? {}
      : { authenticatedData: fromBase64Url(authenticatedData) }),
    ...(welcome === undefined ? {} : { welcome: fromBase64Url(welcome) }),
  }
}

/** A log entry with its MLSMessage as bytes. */
export function decodeLogEntry(wire: WireLogPage["entries"][number]): LogEntry {
  return { ...wire, message: fromBase64Url(wire.message) }
}

/** What processing a message produced, one variant per `kind`. */
export function decodeProcessed(wire: WireProcessed): ProcessedMessage {
  const sender = wire.sender ? { sender: wire.sender } : {}
  switch (wire.kind) {
    case "application":
      return {
        kind: "application",
        epoch: wire.epoch,
        plaintext: fromBase64Url(wire.plaintext ?? ""),
        ...(wire.text === undefined ? {} : { text: wire.text }),
        authenticatedData: fromBase64Url(wire.authenticatedData ?? ""),
        sender: wire.sender ?? { leafIndex: -1, identity: "" },
        generation: wire.generation ?? -1,
      }
    case "proposal":
      return {
        kind: "proposal",
        epoch: wire.epoch,
        proposalType: wire.proposalType ?? "",
        ...sender,
      }
    case "commit":
      return {
        kind: "commit",
        epoch: wire.epoch,
        membersAdded: wire.membersAdded ?? [],
        membersRemoved: wire.membersRemoved ?? [],
        ...sender,
      }
    case "removed":
      return { kind: "removed", epoch: wire.epoch, ...sender }
  }
}

/** A waiting Welcome with its bytes decoded. */
export function decodeWelcome(wire: WireWelcomes["welcomes"][number]): WaitingWelcome {
  return { ...wire, welcome: fromBase64Url(wire.welcome) }
}
