/**
 * What a hosted member's commit was meant to do, kept so that a commit that
 * lost the epoch fence can be made again on the new epoch: add these key
 * packages, remove these members (by signature key, since leaf indices move
 * when other commits win), or update the member's own keys.
 */
import { type GroupMember, InvalidInputError } from "@mlskit/core"

/** A member to remove, by what stays true across epochs. */
export interface RemoveTarget {
  identity: string
  signaturePublicKey: Uint8Array
}

/** A commit intent of a hosted member. */
export type CommitIntent =
  | { kind: "add"; keyPackages: Uint8Array[] }
  | { kind: "remove"; targets: RemoveTarget[] }
  | { kind: "update" }

/** The members to remove, as of now, given by leaf index or by identity name. */
export function removeTargets(
  members: GroupMember[],
  ownLeafIndex: number,
  by: { leafIndices?: number[]; identities?: string[] },
): RemoveTarget[] {
  const chosen: GroupMember[] = []
  for (const leaf of by.leafIndices ?? []) {
    const member = members.find((m) => m.leafIndex === leaf)
    if (!member) throw new InvalidInputError(`leaf ${String(leaf)} is not a member`)
    chosen.push(member)
  }
  for (const name of by.identities ?? []) {
    const named = members.filter((m) => m.identity === name && m.leafIndex !== ownLeafIndex)
    if (named.length === 0) throw new InvalidInputError(`${name} is not a member`)
    chosen.push(...named)
  }
  if (chosen.length === 0) throw new InvalidInputError("name at least one member to remove")
  if (chosen.some((m) => m.leafIndex === ownLeafIndex))
    throw new InvalidInputError("a member cannot remove itself; leave the group instead")
  const unique = new Map(chosen.map((m) => [m.leafIndex, m]))
  return [...unique.values()].map((m) => ({
    identity: m.identity,
    signaturePublicKey: m.signaturePublicKey,
  }))
}

/** Leaf indices of the targets still in the group now. */
export function leavesOf(members: GroupMember[], targets: RemoveTarget[]): number[] {
  return members
    .filter((m) => targets.some((t) => sameKey(t.signaturePublicKey, m.signaturePublicKey)))
    .map((m) => m.leafIndex)
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
