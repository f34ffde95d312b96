/**
 * The workspace patches ts-mls 1.6.4's parent-hash verification on join
 * (patches/ts-mls@1.6.4.patch): a chain stops at a node without a parent
 * hash before hashing anything, and subtree hashes are shared by all chains
 * of one verification. These tests hold the patched `verifyParentHashes` to
 * a from-scratch reference of RFC 9420 §7.9.2's bottom-up check, on real
 * trees and on tampered ones, and count its hashing.
 */
import type { CiphersuiteImpl } from "ts-mls"
import { calculateParentHash, verifyParentHashes } from "ts-mls/parentHash.js"
import type { RatchetTree } from "ts-mls/ratchetTree.js"
import { isLeaf, leafWidth, root, toNodeIndex } from "ts-mls/treemath.js"
import { beforeAll, describe, expect, it } from "vitest"
import { Group } from "./adapter-group.js"
import { counting } from "./counting-hash.js"

type Hash = CiphersuiteImpl["hash"]

/** RFC 9420 §7.9.2 bottom up, with no shortcut: every non-blank parent covered by exactly one chain. */
async function referenceVerify(tree: RatchetTree, h: Hash): Promise<boolean> {
  const rootIndex = root(leafWidth(tree.length))
  const coverage = new Map<number, number>()
  for (let leaf = 0; leaf < tree.length; leaf += 2) {
    if (tree[leaf] === undefined) continue
    let current = toNodeIndex(leaf)
    while (current !== rootIndex) {
      const node = tree[current]
      if (node === undefined) break
      const expected =
        node.nodeType === "parent"
          ? node.parent.parentHash
          : node.leaf.leafNodeSource === "commit"
            ? node.leaf.parentHash
            : undefined
      const [actual, parentIndex] = await calculateParentHash(tree, current, h)
      if (parentIndex === undefined || expected === undefined) break
      if (!Buffer.from(actual).equals(Buffer.from(expected))) break
      coverage.set(parentIndex, (coverage.get(parentIndex) ?? 0) + 1)
      current = parentIndex
    }
  }
  return tree.every(
    (node, i) => isLeaf(toNodeIndex(i)) || node === undefined || coverage.get(i) === 1,
  )
}

/** A copy of `tree` with node `index` replaced by `change(node)`. */
function tampered(tree: RatchetTree, index: number, change: (node: never) => unknown): RatchetTree {
  const copy = tree.slice()
  copy[index] = change(copy[index] as never) as RatchetTree[number]
  return copy
}

const flipped = (bytes: Uint8Array): Uint8Array => {
  const out = bytes.slice()
  out[0] = (out[0] ?? 0) ^ 1
  return out
}

describe("patched parent-hash verification (join)", () => {
  let group: Group
  let tree: RatchetTree

  beforeAll(async () => {
    group = await Group.create(12, false)
    // Several chains in different subtrees, then adds that leave unmerged leaves behind.
    for (const from of [0, 3, 6, 9]) await group.commit([], [], from)
    await group.add(3, 6)
    await group.commit([], [], 10)
    await group.add(2, 1)
    tree = group.states[0]!.ratchetTree
  }, 120_000)

  it("accepts the real tree, as the reference does", async () => {
    const parents = tree.filter((n, i) => !isLeaf(toNodeIndex(i)) && n !== undefined)
    const unmerged = parents.some((n) => n?.nodeType === "parent" && n.parent.unmergedLeaves.length)
    expect(parents.length).toBeGreaterThan(4)
    expect(unmerged).toBe(true)
    expect(await referenceVerify(tree, group.cs.hash)).toBe(true)
    expect(await verifyParentHashes(tree, group.cs.hash)).toBe(true)
  })

  it("rejects every tampered parent hash, public key and commit leaf, as the reference does", async () => {
    const cases: [string, RatchetTree][] = []
    tree.forEach((node, i) => {
      if (node === undefined) return
      if (node.nodeType === "parent") {
        cases.push([
          `parent ${i} parent_hash`,
          tampered(tree, i, (n: typeof node) => ({
            ...n,
            parent: { ...n.parent, parentHash: flipped(n.parent.parentHash) },
          })),
        ])
        cases.push([
          `parent ${i} public key`,
          tampered(tree, i, (n: typeof node) => ({
            ...n,
            parent: { ...n.parent, hpkePublicKey: flipped(n.parent.hpkePublicKey) },
          })),
        ])
      } else if (node.leaf.leafNodeSource === "commit") {
        const { parentHash } = node.leaf
        cases.push([
          `leaf ${i} parent_hash`,
          tampered(tree, i, (n: typeof node) => ({
            ...n,
            leaf: { ...n.leaf, parentHash: flipped(parentHash) },
          })),
        ])
      }
    })
    expect(cases.length).toBeGreaterThan(10)
    for (const [name, bad] of cases) {
      const reference = await referenceVerify(bad, group.cs.hash)
      const patched = await verifyParentHashes(bad, group.cs.hash)
      expect({ name, patched }).toEqual({ name, patched: reference })
    }
    // The root's own parent hash is empty and never checked; every other tampering must fail.
    const rejected = []
    for (const [name, bad] of cases) {
      if (!(await verifyParentHashes(bad, group.cs.hash))) rejected.push(name)
    }
    expect(rejected.length).toBeGreaterThanOrEqual(cases.length - 2)
  })

  it("hashes each subtree once per set of unmerged leaves, not once per chain", async () => {
    const reference = counting(group.cs.hash)
    const patched = counting(group.cs.hash)
    expect(await referenceVerify(tree, reference.hash)).toBe(true)
    expect(await verifyParentHashes(tree, patched.hash)).toBe(true)
    expect(patched.digests()).toBeLessThan(reference.digests())
    const nodes = tree.length
    const distinctUnmergedSets = new Set(
      tree.flatMap((n) => (n?.nodeType === "parent" ? [n.parent.unmergedLeaves.join(",")] : [])),
    ).size
    expect(patched.digests()).toBeLessThanOrEqual(nodes * distinctUnmergedSets + nodes)
  })
})
