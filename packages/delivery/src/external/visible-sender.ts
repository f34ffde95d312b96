/**
 * What the Delivery Service can tell about who sent a message without keys:
 * a PublicMessage shows its sender (a member's leaf index, or a non-member
 * kind); a PrivateMessage shows only content type and epoch. The caller
 * matches a member's leaf index against the roster to check that the
 * authenticated caller sent it. Typed InvalidMessageError on bad bytes.
 */
import type { ContentType } from "../framing.js"
import { readProtocolFraming } from "../read-framing.js"

/** The sender of a message as visible without keys. */
export interface VisibleSender {
  wireFormat: "public" | "private"
  contentType: ContentType
  epoch: number
  /** A PublicMessage's sender type; absent for a PrivateMessage. */
  senderType?: "member" | "external" | "new_member_proposal" | "new_member_commit"
  /** A PublicMessage member sender's leaf index. */
  leafIndex?: number
}

/** The sender of a public or private MLSMessage as visible without keys; InvalidMessageError for anything else. */
export function visibleSender(message: Uint8Array): VisibleSender {
  const framing = readProtocolFraming(message, { maxBytes: Number.MAX_SAFE_INTEGER })
  const { contentType, epoch } = framing
  if (framing.wireFormat === "private_message") return { wireFormat: "private", contentType, epoch }
  const { sender } = framing
  if (sender.type === "member") {
    return {
      wireFormat: "public",
      contentType,
      epoch,
      senderType: "member",
      leafIndex: sender.leafIndex,
    }
  }
  return { wireFormat: "public", contentType, epoch, senderType: sender.type }
}
