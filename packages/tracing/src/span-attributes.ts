/**
 * Turns core's operation attributes into span attributes under the `mls.`
 * namespace. Only known, typed fields are copied, so nothing else an
 * attribute object might carry (plaintext, keys) can reach a span.
 */
import type { OperationAttributes } from "@mlskit/core"
import type { Attributes } from "@opentelemetry/api"

/** Span attribute keys set by this package. */
export const MLS_ATTRIBUTES = {
  operation: "mls.operation",
  groupId: "mls.group_id",
  epoch: "mls.epoch",
  inputBytes: "mls.input_bytes",
  outputBytes: "mls.output_bytes",
  contentType: "mls.content_type",
  membersAdded: "mls.members_added",
  membersRemoved: "mls.members_removed",
  removedFromGroup: "mls.removed_from_group",
  keyPackageCount: "mls.key_package_count",
  errorCode: "mls.error_code",
  errorRetryable: "mls.error_retryable",
} as const

const CONTENT_TYPES = new Set(["application", "proposal", "commit"])

const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0

/** The span attributes for whatever is known of an operation; unknown fields are ignored. */
export function spanAttributes(attributes: OperationAttributes | undefined): Attributes {
  const out: Attributes = {}
  if (typeof attributes !== "object" || attributes === null) return out
  const { groupId, epoch, inputBytes, outputBytes, contentType } = attributes
  const { membersAdded, membersRemoved, removedFromGroup, count } = attributes
  if (typeof groupId === "string") out[MLS_ATTRIBUTES.groupId] = groupId
  if (isCount(epoch)) out[MLS_ATTRIBUTES.epoch] = epoch
  if (isCount(inputBytes)) out[MLS_ATTRIBUTES.inputBytes] = inputBytes
  if (isCount(outputBytes)) out[MLS_ATTRIBUTES.outputBytes] = outputBytes
  if (typeof contentType === "string" && CONTENT_TYPES.has(contentType)) {
    out[MLS_ATTRIBUTES.contentType] = contentType
  }
  if (isCount(membersAdded)) out[MLS_ATTRIBUTES.membersAdded] = membersAdded
  if (isCount(membersRemoved)) out[MLS_ATTRIBUTES.membersRemoved] = membersRemoved
  if (typeof removedFromGroup === "boolean") out[MLS_ATTRIBUTES.removedFromGroup] = removedFromGroup
  if (isCount(count)) out[MLS_ATTRIBUTES.keyPackageCount] = count
  return out
}
