/**
 * The checks every driver runs before it touches its storage: the group id,
 * the message's framing (only public and private messages of that very
 * group), the dedupe id. Drivers store what this returns, so `kind` and
 * `epoch` always come from the bytes. Bad input throws before anything
 * changes.
 */
import { InvalidInputError, InvalidMessageError } from "@mlskit/core"
import { checkDedupeId, defaultDedupeId } from "./dedupe-id.js"
import { groupKey } from "./group-key.js"
import type { AppendOptions, EntryKind } from "./group-log.js"
import { readProtocolFraming } from "./read-framing.js"

/** An append that passed every check, ready for a driver to store. */
export interface PreparedAppend {
  /** The group id as base64url, the key of the group's log. */
  groupKey: string
  kind: EntryKind
  epoch: number
  /** A private copy of the message bytes. */
  message: Uint8Array
  dedupeId: string
}

/** Check an append's arguments and read its framing; InvalidInputError or InvalidMessageError when unfit. */
export function prepareAppend(
  groupId: Uint8Array,
  message: Uint8Array,
  options: AppendOptions | undefined,
  maxMessageBytes: number,
): PreparedAppend {
  const key = groupKey(groupId)
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidInputError("append options must be an object")
  }
  const dedupeId = options?.dedupeId === undefined ? undefined : checkDedupeId(options.dedupeId)
  const framing = readProtocolFraming(message, { maxBytes: maxMessageBytes })
  if (!sameBytes(framing.groupId, groupId)) {
    throw new InvalidMessageError("the message belongs to another group")
  }
  const copy = message.slice()
  return {
    groupKey: key,
    kind: framing.contentType,
    epoch: framing.epoch,
    message: copy,
    dedupeId: dedupeId ?? defaultDedupeId(copy),
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
