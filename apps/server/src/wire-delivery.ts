/** The API form of inbox and group log entries (bytes as base64url, API group ids). */
import type { InboxEntry, LogEntry } from "@mlskit/delivery"
import { toApiGroupId } from "./api-group-id.js"
import { type JsonSchema, memberSchema, objectSchema, senderSchema } from "./schemas.js"
import { encodeBytes } from "./wire-bytes.js"

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** One inbox entry as the API shows it. */
export const inboxEntrySchema: JsonSchema = objectSchema(
  {
    cursor: { type: "integer", description: "per identity, growing: resume after it" },
    type: {
      type: "string",
      enum: ["message", "joined", "welcome", "membersAdded", "membersRemoved", "removed", "epoch"],
    },
    groupId: { type: "string", description: "base64url of the MLS group id" },
    epoch: { type: "integer" },
    time: { type: "integer", description: "when it was delivered (ms since the Unix epoch)" },
    seq: { type: "integer", description: "the group log entry it came from" },
    sender: senderSchema,
    plaintext: { type: "string", description: "message: the plaintext (base64url)" },
    text: { type: "string", description: "message: the plaintext as text, when it is UTF-8" },
    authenticatedData: { type: "string", description: "message: authenticated data (base64url)" },
    generation: {
      type: "integer",
      description: "message: the sender's ratchet generation in the epoch (gaps: lost messages)",
    },
    members: {
      type: "array",
      items: memberSchema,
      description: "who joined, was added or removed",
    },
    welcome: {
      type: "string",
      description: "welcome: the Welcome MLSMessage (base64url) when auto-join is off",
    },
  },
  ["cursor", "type", "groupId", "epoch", "time", "seq"],
)

/** One group log entry as the API shows it. */
export const logEntrySchema: JsonSchema = objectSchema({
  seq: { type: "integer" },
  kind: { type: "string", enum: ["commit", "proposal", "application"] },
  epoch: { type: "integer" },
  time: { type: "integer", description: "when it was appended (ms since the Unix epoch)" },
  message: { type: "string", description: "MLSMessage (base64url)" },
})

/** The API form of an inbox entry. */
export function wireInboxEntry(entry: InboxEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    cursor: entry.cursor,
    type: entry.type,
    groupId: toApiGroupId(entry.groupId),
    epoch: entry.epoch,
    time: entry.time,
    seq: entry.seq,
  }
  if (entry.sender) out.sender = entry.sender
  if (entry.plaintext) {
    out.plaintext = encodeBytes(entry.plaintext)
    const text = textOf(entry.plaintext)
    if (text !== undefined) out.text = text
  }
  if (entry.authenticatedData) out.authenticatedData = encodeBytes(entry.authenticatedData)
  if (entry.generation !== undefined) out.generation = entry.generation
  if (entry.members) out.members = entry.members
  if (entry.welcome) out.welcome = encodeBytes(entry.welcome)
  return out
}

/** The API form of a log entry. */
export function wireLogEntry(entry: LogEntry): Record<string, unknown> {
  return {
    seq: entry.seq,
    kind: entry.kind,
    epoch: entry.epoch,
    time: entry.time,
    message: encodeBytes(entry.message),
  }
}

function textOf(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}
