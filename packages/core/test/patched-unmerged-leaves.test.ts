/**
 * The workspace patch corrects ts-mls 1.6.4's check of `unmerged_leaves`
 * when a ratchet tree is validated on join (patches/ts-mls@1.6.4.patch,
 * `clientState.js`). RFC 9420 requires, for each non-blank parent P and
 * each entry L of P's unmerged_leaves: L is a non-blank leaf that is a
 * descendant of P, and every non-blank node between L and P also lists L.
 * Upstream required every non-blank node on L's whole direct path to hold
 * exactly P's list, so a member could not join a valid group where members
 * had been added at different times below one parent. These tests hold the
 * patched check to a from-scratch reference of the RFC's rule.
 */

import { validateRatchetTree } from "ts-mls/clientState.js"
import type { RatchetTree } from "ts-mls/ratchetTree.js"
import { treeHashRoot } from "ts-mls/treeHash.js"
import { directPath, isLeaf, leafWidth, toNodeIndex } from "ts-mls/treemath.js"
import { beforeAll, describe, expect, it } from "vitest"
import { clientConfig, Group } from "./adapter-group.js"

/** RFC 9420's rule for unmerged_leaves, written out. */
function referenceUnmergedValid(tree: RatchetTree): boolean {
  const width = leafWidth(tree.length)
  return tree.every((node, p) => {
    if (node?.nodeType !== "parent") return true
    return node.parent.unmergedLeaves.every((leaf) => {
      if (tree[2 * leaf]?.nodeType !== "leaf") return false
      const path = directPath(toNodeIndex(2 * leaf), width)
      const at = path.indexOf(toNodeIndex(p))
      if (at === -1) return false
      return path.slice(0, at).every((between) => {
        const n = tree[between]
        return (
          n === undefined || (n.nodeType === "parent" && n.parent.unmergedLeaves.includes(leaf))
        )
      })
    })
  })
}

/** Upstream's rule: every non-blank node on the leaf's direct path holds exactly P's list. */
function upstreamUnmergedValid(tree: RatchetTree): boolean {
  const width = leafWidth(tree.length)
  return tree.every((node) => {
    if (node?.nodeType !== "parent") return true
    return node.parent.unmergedLeaves.every((leaf) =>
      directPath(toNodeIndex(2 * leaf), width).every((at) => {
        const n = tree[at]
        return (
          n === undefined ||
          (n.nodeType === "parent" &&
            n.parent.unmergedLeaves.join(",") === node.parent.unmergedLeaves.join(","))
        )
      }),
    )
  })
}

/** ts-mls's validation of `tree` as a joiner runs it (with the tree's own hash, so only its contents decide). */
async function patchedValid(group: Group, tree: RatchetTree): Promise<string | undefined> {
  const state = group.states[0]!
  const treeHash = await treeHashRoot(tree, group.cs.hash)
  const err = await validateRatchetTree(
    tree,
    { ...state.groupContext, treeHash },
    clientConfig.lifetimeConfig,
    clientConfig.authService,
    treeHash,
    group.cs,
  )
  return err?.message
}

function withUnmerged(tree: RatchetTree, index: number, unmerged: number[]): RatchetTree {
  const copy = tree.slice()
  const node = copy[index]
  if (node?.nodeType !== "parent") throw new Error(`node ${index} is not a parent`)
  copy[index] = { ...node, parent: { ...node.parent, unmergedLeaves: unmerged } }
  return copy
}

describe("patched unmerged_leaves check (join)", () => {
  let group: Group
  let tree: RatchetTree

  beforeAll(async () => {
    group = await Group.create(6, false)
    for (const from of [0, 2, 5]) await group.commit([], [], from)
    await group.add(3, 1)
    await group.remove(4)
    await group.commit([], [], 3)
    // Upstream refused the Welcome of this add: the new members could not join.
    await group.add(2, 0)
    tree = group.states[0]!.ratchetTree
  }, 120_000)

  it("lets members join a valid tree that upstream's rule refused", async () => {
    expect(referenceUnmergedValid(tree)).toBe(true)
    expect(upstreamUnmergedValid(tree)).toBe(false)
    expect(await patchedValid(group, tree)).toBeUndefined()
    // The joiners are members: they agree with everyone on the epoch authenticator.
    const authenticators = new Set(
      group.states.map((s) => Buffer.from(s.keySchedule.epochAuthenticator).toString("hex")),
    )
    expect(authenticators.size).toBe(1)
    expect(group.states.length).toBe(10)
  })

  it("refuses every tampered unmerged_leaves list, as the reference does", async () => {
    const parents = tree.flatMap((n, i) =>
      n?.nodeType === "parent" && !isLeaf(toNodeIndex(i)) ? [i] : [],
    )
    const leaves = tree.flatMap((n, i) => (n?.nodeType === "leaf" ? [i / 2] : []))
    const blankLeaves = tree.flatMap((n, i) => (i % 2 === 0 && n === undefined ? [i / 2] : []))
    const cases: [string, RatchetTree][] = []
    for (const p of parents) {
      const node = tree[p]
      if (node?.nodeType !== "parent") continue
      const own = node.parent.unmergedLeaves
      // A leaf outside P's subtree, a blank leaf, and (where P lists any) one entry dropped.
      const outside = leaves.find(
        (l) => !directPath(toNodeIndex(2 * l), leafWidth(tree.length)).includes(toNodeIndex(p)),
      )
      if (outside !== undefined)
        cases.push([
          `parent ${p} lists leaf ${outside} outside it`,
          withUnmerged(tree, p, [...own, outside]),
        ])
      const blank = blankLeaves.find((l) =>
        directPath(toNodeIndex(2 * l), leafWidth(tree.length)).includes(toNodeIndex(p)),
      )
      if (blank !== undefined)
        cases.push([
          `parent ${p} lists blank leaf ${blank}`,
          withUnmerged(tree, p, [...own, blank]),
        ])
      if (own.length > 0) {
        // Dropping L from P is invalid when a non-blank node above P (and below another lister) lists L.
        cases.push([`parent ${p} drops leaf ${own[0]}`, withUnmerged(tree, p, own.slice(1))])
      }
    }
    expect(cases.length).toBeGreaterThan(5)
    let refused = 0
    for (const [name, bad] of cases) {
      const reference = referenceUnmergedValid(bad)
      const message = await patchedValid(group, bad)
      const unmergedRefusal =
        message === "Unmerged leaf did not represent a non-blank descendant leaf node" ||
        message === "non-blank intermediate node must list leaf node in its unmerged_leaves"
      expect({ name, refused: unmergedRefusal }).toEqual({ name, refused: !reference })
      if (!reference) refused++
    }
    expect(refused).toBeGreaterThan(3)
  })
})
