/**
 * Group record metadata: the public summary made from it, and the changes
 * core writes to it. Core maintains some keys itself (the applied cursor and
 * the staged commit's public facts); callers may not set those.
 */
import { APPLIED_SEQ_KEY, appliedSeqOf } from "./applied-cursor.js"
import type { GroupRecord } from "./store.js"
import type { GroupSummary } from "./types.js"

/** Metadata keys core maintains itself; a caller may not set them. */
export const RESERVED_METADATA_KEYS: readonly string[] = [
  APPLIED_SEQ_KEY,
  "pendingEpoch",
  "pendingDedupeId",
]

/** The public summary of a stored group record (no state is opened). */
export function toSummary(r: GroupRecord): GroupSummary {
  return {
    id: r.id,
    identityId: r.identityId,
    mlsGroupId: r.mlsGroupId,
    name: r.metadata.name ?? "",
    epoch: r.epoch,
    status: r.metadata.status === "removed" ? "removed" : "active",
    version: r.version,
    updatedAt: r.updatedAt,
    ...optionalNumber("appliedSeq", summaryAppliedSeq(r)),
    ...optionalNumber("pendingEpoch", pendingEpochOf(r)),
  }
}

function optionalNumber<K extends string>(
  key: K,
  value: number | undefined,
): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number }
}

/** The applied cursor for a summary: a damaged one is left out here (applying reports it). */
function summaryAppliedSeq(r: GroupRecord): number | undefined {
  try {
    return appliedSeqOf(r)
  } catch {
    return undefined
  }
}

function pendingEpochOf(r: GroupRecord): number | undefined {
  const value = r.metadata.pendingEpoch
  return value === undefined || !/^[0-9]+$/.test(value) ? undefined : Number(value)
}

/** `metadata` with `patch` applied (undefined deletes), or undefined when nothing changes. */
export function patchMetadata(
  metadata: Record<string, string>,
  patch: Record<string, string | undefined>,
): Record<string, string> | undefined {
  const next = { ...metadata }
  let changed = false
  for (const [key, value] of Object.entries(patch)) {
    if (next[key] === value) continue
    changed = true
    if (value === undefined) delete next[key]
    else next[key] = value
  }
  return changed ? next : undefined
}
