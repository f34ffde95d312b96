/**
 * What the Delivery Service can know about an MLSMessage without keys: the
 * clear-text framing of RFC 9420 section 6. PublicMessage and PrivateMessage
 * both carry group id, epoch and content type in clear; only PublicMessage
 * shows its sender.
 */

/** The RFC 9420 wire formats, named as in the RFC without the `mls_` prefix. */
export type WireFormat =
  | "public_message"
  | "private_message"
  | "welcome"
  | "group_info"
  | "key_package"

/** The content type of a public or private message. */
export type ContentType = "application" | "proposal" | "commit"

/** The sender of a PublicMessage (a PrivateMessage's sender is encrypted). */
export type FramedSender =
  | { type: "member"; leafIndex: number }
  | { type: "external"; senderIndex: number }
  | { type: "new_member_proposal" }
  | { type: "new_member_commit" }

/** The framing of a PublicMessage. */
export interface PublicMessageFraming {
  version: "mls10"
  wireFormat: "public_message"
  groupId: Uint8Array
  epoch: number
  contentType: ContentType
  sender: FramedSender
}

/** The framing of a PrivateMessage. */
export interface PrivateMessageFraming {
  version: "mls10"
  wireFormat: "private_message"
  groupId: Uint8Array
  epoch: number
  contentType: ContentType
}

/** The framing of a GroupInfo (its group context is in clear). */
export interface GroupInfoFraming {
  version: "mls10"
  wireFormat: "group_info"
  groupId: Uint8Array
  epoch: number
}

/** The framing of a Welcome or KeyPackage: nothing a log routes by. */
export interface OtherFraming {
  version: "mls10"
  wireFormat: "welcome" | "key_package"
}

/** A message to or about a group's epoch: what the group log accepts. */
export type ProtocolMessageFraming = PublicMessageFraming | PrivateMessageFraming

/** The clear-text framing of any MLSMessage. */
export type MessageFraming = ProtocolMessageFraming | GroupInfoFraming | OtherFraming

/** The default size limit of `readFraming`, as core's `maxMessageBytes` (1 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024
