/**
 * Leaf placement as RFC 9420 does it to the ratchet tree (section 7.7 and
 * 12.1.1), on the roster's identity-per-leaf array: a Remove blanks a leaf,
 * then trailing blank leaves go (the tree is truncated); an Add takes the
 * leftmost blank leaf, else a new leaf on the right. Padding blank leaves a
 * tree keeps to a power of two never changes where an Add lands, so the
 * array holds no trailing blanks at all.
 */
import { UnfollowableCommitError } from "./unfollowable-commit-error.js"

/** Blank leaf `leafIndex` in place; UnfollowableCommitError when it is blank already (the commit is invalid). */
export function blankLeaf(leaves: (string | null)[], leafIndex: number): void {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || (leaves[leafIndex] ?? null) === null) {
    throw new UnfollowableCommitError(`the commit removes leaf ${leafIndex}, which is blank`)
  }
  leaves[leafIndex] = null
}

/** Drop trailing blank leaves in place. */
export function truncateLeaves(leaves: (string | null)[]): void {
  while (leaves.length > 0 && leaves[leaves.length - 1] === null) leaves.pop()
}

/** Put `identity` in the leftmost blank leaf (else a new rightmost leaf) in place; returns its leaf index. */
export function placeLeaf(leaves: (string | null)[], identity: string): number {
  const blank = leaves.indexOf(null)
  if (blank >= 0) {
    leaves[blank] = identity
    return blank
  }
  leaves.push(identity)
  return leaves.length - 1
}
