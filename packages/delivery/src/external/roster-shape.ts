/**
 * The shape check of a roster read back from storage (or about to be
 * written): plain data of the right types and ranges, rebuilt field by
 * field so nothing else rides along. Returns the roster, or the reason it
 * is not one; the codec turns the reason into its error.
 */
import type { Roster, RosterChange, RosterProposal } from "./roster.js"
import { isKnownSuite } from "./suite-hash.js"

/** A hash output as lower-case hex: SHA-256 to SHA-512 give 32 to 64 bytes. */
const REF = /^(?:[0-9a-f]{2}){32,64}$/

/** The roster `value` holds, or a string saying what is wrong with it. */
export function rosterFromValue(value: unknown): Roster | string {
  if (!isRecord(value)) return "not an object"
  const { suite, epoch, leaves, proposals, seq } = value
  if (typeof suite !== "number" || !isKnownSuite(suite)) return "unknown ciphersuite id"
  if (!isCount(epoch)) return "epoch is not a non-negative integer"
  if (!isCount(seq)) return "seq is not a non-negative integer"
  if (!Array.isArray(leaves) || !leaves.every(isLeaf)) return "leaves are not identities or null"
  if (!Array.isArray(proposals)) return "proposals are not a list"
  const rebuilt: RosterProposal[] = []
  for (const proposal of proposals) {
    if (!isRecord(proposal) || typeof proposal.ref !== "string" || !REF.test(proposal.ref)) {
      return "a proposal has no valid ref"
    }
    const change = changeFromValue(proposal.change)
    if (change === undefined) return "a proposal has no valid change"
    rebuilt.push({ ref: proposal.ref, change })
  }
  return { suite, epoch, leaves: leaves.slice(), proposals: rebuilt, seq }
}

function changeFromValue(value: unknown): RosterChange | undefined {
  if (!isRecord(value)) return undefined
  switch (value.kind) {
    case "add":
      return isIdentity(value.identity) ? { kind: "add", identity: value.identity } : undefined
    case "remove":
      return isCount(value.leafIndex) ? { kind: "remove", leafIndex: value.leafIndex } : undefined
    case "other":
      return { kind: "other" }
    default:
      return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0
}

function isIdentity(value: unknown): value is string {
  return typeof value === "string" && value.length > 0
}

function isLeaf(value: unknown): value is string | null {
  return value === null || isIdentity(value)
}
