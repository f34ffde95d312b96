/**
 * `readFraming`: parse MLSMessage bytes into their clear-text framing, or
 * reject them with a typed error. The 4-byte header (version, wire format)
 * is read here so a wrong version or an unknown wire format gets its own
 * message; the body is decoded by ts-mls's own `decodeMlsMessage`, the
 * decoder every ts-mls member runs, so bytes the log accepts are bytes a
 * member can at least parse. ts-mls reports no reason for a failure (and
 * throws on some), so every failure of the body is "malformed or truncated".
 * Error messages carry lengths only, never input bytes or values.
 */
import { InvalidInputError, InvalidMessageError } from "@mlskit/core"
import { decodeMlsMessage, type MLSMessage, type Sender } from "ts-mls"
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type FramedSender,
  type MessageFraming,
  type ProtocolMessageFraming,
  type WireFormat,
} from "./framing.js"

/** Options of `readFraming`. */
export interface ReadFramingOptions {
  /** Reject longer input with InvalidInputError (default DEFAULT_MAX_MESSAGE_BYTES). */
  maxBytes?: number
}

const MLS10 = 1
const HEADER_BYTES = 4
const WIRE_FORMATS: readonly (WireFormat | undefined)[] = [
  undefined,
  "public_message",
  "private_message",
  "welcome",
  "group_info",
  "key_package",
]

/** Read the clear-text framing of an MLSMessage; throws InvalidMessageError or InvalidInputError. */
export function readFraming(bytes: Uint8Array, options: ReadFramingOptions = {}): MessageFraming {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES
  if (!Number.isSafeInteger(maxBytes) || maxBytes < HEADER_BYTES) {
    throw new InvalidInputError(`maxBytes must be an integer of at least ${HEADER_BYTES}`)
  }
  if (!(bytes instanceof Uint8Array)) throw new InvalidInputError("message must be a Uint8Array")
  if (bytes.length === 0) throw new InvalidMessageError("message is empty")
  if (bytes.length > maxBytes) {
    throw new InvalidInputError(`message is ${bytes.length} bytes; the limit is ${maxBytes}`)
  }
  if (bytes.length < HEADER_BYTES) {
    throw new InvalidMessageError(
      `message is truncated: ${bytes.length} bytes, an MLSMessage header needs ${HEADER_BYTES}`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint16(0) !== MLS10) {
    throw new InvalidMessageError("unsupported protocol version: only mls10 is accepted")
  }
  const wireFormat = WIRE_FORMATS[view.getUint16(2)]
  if (wireFormat === undefined) throw new InvalidMessageError("unknown wire format")
  const message = decodeWhole(bytes, wireFormat)
  return framingOf(message)
}

/** Read the framing of a public or private message; InvalidMessageError for any other wire format. */
export function readProtocolFraming(
  bytes: Uint8Array,
  options: ReadFramingOptions = {},
): ProtocolMessageFraming {
  const framing = readFraming(bytes, options)
  if (framing.wireFormat !== "public_message" && framing.wireFormat !== "private_message") {
    throw new InvalidMessageError(
      `expected a public or private message, got a ${framing.wireFormat}`,
    )
  }
  return framing
}

function decodeWhole(bytes: Uint8Array, wireFormat: WireFormat): MLSMessage {
  let decoded: [MLSMessage, number] | undefined
  try {
    decoded = decodeMlsMessage(bytes, 0)
  } catch {
    decoded = undefined
  }
  if (decoded === undefined) {
    throw new InvalidMessageError(`malformed or truncated ${wireFormat} (${bytes.length} bytes)`)
  }
  const [message, used] = decoded
  if (used !== bytes.length) {
    throw new InvalidMessageError(
      `${bytes.length - used} trailing bytes after a ${used}-byte ${wireFormat}`,
    )
  }
  return message
}

function framingOf(message: MLSMessage): MessageFraming {
  const version = "mls10" as const
  switch (message.wireformat) {
    case "mls_public_message": {
      const content = message.publicMessage.content
      return {
        version,
        wireFormat: "public_message",
        groupId: content.groupId.slice(),
        epoch: safeEpoch(content.epoch),
        contentType: content.contentType,
        sender: senderOf(content.sender),
      }
    }
    case "mls_private_message": {
      const m = message.privateMessage
      return {
        version,
        wireFormat: "private_message",
        groupId: m.groupId.slice(),
        epoch: safeEpoch(m.epoch),
        contentType: m.contentType,
      }
    }
    case "mls_group_info": {
      const context = message.groupInfo.groupContext
      return {
        version,
        wireFormat: "group_info",
        groupId: context.groupId.slice(),
        epoch: safeEpoch(context.epoch),
      }
    }
    case "mls_welcome":
      return { version, wireFormat: "welcome" }
    case "mls_key_package":
      return { version, wireFormat: "key_package" }
  }
}

/** Epochs are uint64 on the wire; 2^53 - 1 of them cannot be reached by committing, so larger ones are refused. */
function safeEpoch(epoch: bigint): number {
  if (epoch > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidMessageError("epoch exceeds 2^53 - 1")
  }
  return Number(epoch)
}

function senderOf(sender: Sender): FramedSender {
  switch (sender.senderType) {
    case "member":
      return { type: "member", leafIndex: sender.leafIndex }
    case "external":
      return { type: "external", senderIndex: sender.senderIndex }
    case "new_member_proposal":
      return { type: "new_member_proposal" }
    case "new_member_commit":
      return { type: "new_member_commit" }
  }
}
