/**
 * The workspace patch remembers tree hashes per node object
 * (patches/ts-mls@1.6.4.patch, `treeHash.js`): a node's hash is reused when
 * the same object is hashed again at the same leaf index (leaves) or with
 * the same children's hashes (parents). These tests hold it to a
 * from-scratch RFC 9420 §7.8 tree hash that remembers nothing, on a real
 * group changed by adds, removes and commits with paths from several
 * members, and on trees that reuse node objects where the shortcut would be
 * wrong if it were keyed by the object alone.
 */
import type { CiphersuiteImpl } from "ts-mls"
import type { RatchetTree } from "ts-mls/ratchetTree.js"
import {
  encodeLeafNodeHashInput,
  encodeParentNodeHashInput,
  treeHashRoot,
} from "ts-mls/treeHash.js"
import {
  isLeaf,
  left,
  type NodeIndex,
  nodeToLeafIndex,
  right,
  rootFromNodeWidth,
} from "ts-mls/treemath.js"
import { beforeAll, describe, expect, it } from "vitest"
import { Group } from "./adapter-group.js"
import { counting } from "./counting-hash.js"

type Hash = CiphersuiteImpl["hash"]

/** RFC 9420 §7.8, recursively, hashing every node every time. */
async function referenceTreeHash(
  tree: RatchetTree,
  h: Hash,
  index?: NodeIndex,
): Promise<Uint8Array> {
  const at = index ?? rootFromNodeWidth(tree.length)
  const node = tree[at]
  if (isLeaf(at)) {
    return h.digest(
      encodeLeafNodeHashInput({
        nodeType: "leaf",
        leafIndex: nodeToLeafIndex(at),
        leafNode: node?.nodeType === "leaf" ? node.leaf : undefined,
      }),
    )
  }
  return h.digest(
    encodeParentNodeHashInput({
      nodeType: "parent",
      parentNode: node?.nodeType === "parent" ? node.parent : undefined,
      leftHash: await referenceTreeHash(tree, h, left(at)),
      rightHash: await referenceTreeHash(tree, h, right(at)),
    }),
  )
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

describe("patched tree hash (remembered per node object)", () => {
  let group: Group
  const seen: { step: string; tree: RatchetTree; contextHash: Uint8Array }[] = []
  const snapshot = (step: string) => {
    for (const state of group.states) {
      seen.push({ step, tree: state.ratchetTree, contextHash: state.groupContext.treeHash })
    }
  }

  beforeAll(async () => {
    group = await Group.create(6, false)
    snapshot("created with 6")
    for (const from of [0, 2, 5]) {
      await group.commit([], [], from)
      snapshot(`path commit by ${from}`)
    }
    await group.add(3, 1)
    snapshot("3 added by 1")
    await group.remove(4)
    snapshot("member 4 removed")
    await group.commit([], [], 3)
    snapshot("path commit by 3")
    await group.add(2, 0)
    snapshot("2 added into blanks")
    group.reload(2)
    await group.commit([], [], 2)
    snapshot("path commit by a reloaded member")
  }, 120_000)

  it("gives every member's group context the from-scratch tree hash, at every step", async () => {
    expect(seen.length).toBeGreaterThan(40)
    for (const { step, tree, contextHash } of seen) {
      const reference = await referenceTreeHash(tree, group.cs.hash)
      expect({ step, hash: hex(contextHash) }).toEqual({ step, hash: hex(reference) })
      expect({ step, hash: hex(await treeHashRoot(tree, group.cs.hash)) }).toEqual({
        step,
        hash: hex(reference),
      })
    }
  })

  it("hashes a leaf object again when it sits at another leaf index", async () => {
    const tree = group.states[0]!.ratchetTree
    await treeHashRoot(tree, group.cs.hash) // every node remembered
    const moved = tree.slice()
    const [a, b] = [0, 2].map((i) => moved[i])
    moved[0] = b
    moved[2] = a
    expect(hex(await treeHashRoot(moved, group.cs.hash))).toBe(
      hex(await referenceTreeHash(moved, group.cs.hash)),
    )
    expect(hex(await treeHashRoot(moved, group.cs.hash))).not.toBe(
      hex(await treeHashRoot(tree, group.cs.hash)),
    )
  })

  it("hashes a parent object again when a child below it changed", async () => {
    const tree = group.states[0]!.ratchetTree
    await treeHashRoot(tree, group.cs.hash)
    const changed = tree.slice()
    const leaf = changed.findIndex((n, i) => i % 2 === 0 && n !== undefined && i > 0)
    changed[leaf] = undefined // every parent above keeps its object, its subtree differs
    const reference = await referenceTreeHash(changed, group.cs.hash)
    expect(hex(await treeHashRoot(changed, group.cs.hash))).toBe(hex(reference))
    expect(hex(reference)).not.toBe(hex(await referenceTreeHash(tree, group.cs.hash)))
  })

  it("rehashes only what a commit changed", async () => {
    const before = group.states[0]!.ratchetTree
    const fresh = counting(group.cs.hash)
    await treeHashRoot(before, fresh.hash)
    const full = fresh.digests()
    expect(full).toBe(before.length)
    await group.commit([], [], 1)
    const after = group.states[0]!.ratchetTree
    await treeHashRoot(after, fresh.hash)
    const again = fresh.digests() - full
    // The committer's leaf and its direct path (new objects): blank parents whose children kept
    // their hashes are remembered too (by their children's hash arrays).
    const pathLength = Math.log2(after.length + 1)
    expect(again).toBeGreaterThan(0)
    expect(again).toBeLessThanOrEqual(pathLength + 1)
    expect(hex(await treeHashRoot(after, fresh.hash))).toBe(
      hex(await referenceTreeHash(after, group.cs.hash)),
    )
  })

  it("never shares an entry between two hash implementations", async () => {
    const tree = group.states[0]!.ratchetTree
    const wrong: Hash = { ...group.cs.hash, digest: async () => new Uint8Array(32).fill(9) }
    expect(hex(await treeHashRoot(tree, wrong))).toBe("09".repeat(32))
    expect(hex(await treeHashRoot(tree, group.cs.hash))).toBe(
      hex(await referenceTreeHash(tree, group.cs.hash)),
    )
  })
})
