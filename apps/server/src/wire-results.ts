/**
 * Turns core's results into the JSON bodies of the API (bytes as base64url,
 * API group ids). The body types come from @mlskit/client, which derives them
 * from the OpenAPI document, so a mapping that disagrees with the document
 * does not compile.
 */

import type {
  Member,
  GroupDetails as WireGroupDetailsType,
  GroupSummary as WireGroupSummaryType,
} from "@mlskit/client"
import type {
  GroupDetails,
  GroupMember,
  GroupSummary,
  MessageSender,
  ProcessResult,
} from "@mlskit/core"
import { toApiGroupId } from "./api-group-id.js"
import { encodeBytes } from "./wire-bytes.js"

/** A member as the API shows it (the type the OpenAPI document declares). */
export type WireMember = Member

/** A group summary as the API shows it. */
export type WireGroupSummary = WireGroupSummaryType

/** A group with its members as the API shows it. */
export type WireGroupDetails = WireGroupDetailsType

/** The API form of a member. */
export function wireMember(member: GroupMember): WireMember {
  return {
    leafIndex: member.leafIndex,
    identity: member.identity,
    credentialType: member.credentialType,
  }
}

/** The API form of a group summary. */
export function wireGroupSummary(group: GroupSummary): WireGroupSummary {
  return {
    groupId: toApiGroupId(group.id),
    name: group.name,
    epoch: group.epoch,
    status: group.status,
    version: group.version,
  }
}

/**
 * The API form of a group with its members, its epoch authenticator and,
 * with delivery on, the applied cursor.
 */
export function wireGroupDetails(
  group: GroupDetails,
  epochAuthenticator: Uint8Array,
  deliveryOn: boolean,
): WireGroupDetails {
  return {
    ...wireGroupSummary(group),
    ciphersuite: group.ciphersuite,
    ownLeafIndex: group.ownLeafIndex,
    members: group.members.map(wireMember),
    epochAuthenticator: encodeBytes(epochAuthenticator),
    ...(deliveryOn ? { appliedSeq: group.appliedSeq ?? 0 } : {}),
  }
}

/** The API form of a processed message. */
export function wireProcessResult(result: ProcessResult): Record<string, unknown> {
  const sender = senderOf(result.sender)
  switch (result.kind) {
    case "application":
      return {
        kind: "application",
        epoch: result.epoch,
        plaintext: encodeBytes(result.plaintext),
        ...textOf(result.plaintext),
        authenticatedData: encodeBytes(result.authenticatedData),
        generation: result.generation,
        ...sender,
      }
    case "proposal":
      return { kind: "proposal", epoch: result.epoch, proposalType: result.proposalType, ...sender }
    case "commit":
      return {
        kind: "commit",
        epoch: result.epoch,
        membersAdded: result.membersAdded.map(wireMember),
        membersRemoved: result.membersRemoved.map(wireMember),
        ...sender,
      }
    case "removed":
      return { kind: "removed", epoch: result.epoch, ...sender }
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })

/** `{ text }` when `bytes` are valid UTF-8, else nothing. */
function textOf(bytes: Uint8Array): { text?: string } {
  try {
    return { text: strictUtf8.decode(bytes) }
  } catch {
    return {}
  }
}

function senderOf(sender: MessageSender | undefined): { sender?: MessageSender } {
  return sender ? { sender: { leafIndex: sender.leafIndex, identity: sender.identity } } : {}
}
