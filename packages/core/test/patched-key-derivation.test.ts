/**
 * The workspace patch derives the secret tree on demand (a leaf's ratchets
 * when its first message of the epoch is sent or received, the local
 * member's own leaf when the epoch begins; a split secret is deleted, as
 * RFC 9420 §9 says), and writes ExpandWithLabel's KDFLabel straight into
 * one buffer (patches/ts-mls@1.6.4.patch, `secretTree.js`, `crypto/kdf.js`).
 * These tests hold both to a from-scratch RFC 9420 derivation on
 * node:crypto (HKDF-Expand written out as HMACs), next to the official
 * secret-tree and crypto-basics vectors that crypto-node's tests run
 * through the same patched code.
 */
import { createHmac, randomBytes } from "node:crypto"
import { defaultKeyRetentionConfig } from "ts-mls"
import { encode } from "ts-mls/codec/tlsEncoder.js"
import { expandWithLabel } from "ts-mls/crypto/kdf.js"
import {
  createSecretTree,
  decodeSecretTree,
  ratchetToGeneration,
  type SecretTree,
  secretTreeEncoder,
} from "ts-mls/secretTree.js"
import { beforeAll, describe, expect, it } from "vitest"
import { loadCiphersuite } from "../src/mls-adapter.js"
import { SUITE } from "./adapter-group.js"

type Suite = Awaited<ReturnType<typeof loadCiphersuite>>

/** RFC 5869 HKDF-Expand on SHA-256. */
function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out: Buffer[] = []
  let previous = Buffer.alloc(0)
  for (let i = 1; out.length * 32 < length; i++) {
    previous = createHmac("sha256", prk)
      .update(Buffer.concat([previous, info, Buffer.from([i])]))
      .digest()
    out.push(previous)
  }
  return new Uint8Array(Buffer.concat(out).subarray(0, length))
}

/** The QUIC-style variable-length prefix of RFC 9420 §2.1.2. */
function varint(n: number): Buffer {
  if (n < 64) return Buffer.from([n])
  if (n < 16384) return Buffer.from([0x40 | (n >> 8), n & 0xff])
  return Buffer.from([0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff])
}

/** RFC 9420 §8: ExpandWithLabel(Secret, Label, Context, Length). */
function referenceExpandWithLabel(
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  const full = Buffer.from(`MLS 1.0 ${label}`)
  const kdfLabel = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff]),
    varint(full.length),
    full,
    varint(context.length),
    Buffer.from(context),
  ])
  return hkdfExpand(secret, kdfLabel, length)
}

/** RFC 9420 §9: every leaf's handshake and application ratchet secret, recursing from the root. */
function referenceLeafRatchets(width: number, encryptionSecret: Uint8Array) {
  const leaves = new Map<number, { handshake: string; application: string }>()
  const walk = (node: number, level: number, secret: Uint8Array) => {
    if (level === 0) {
      const hex = (label: string) =>
        Buffer.from(referenceExpandWithLabel(secret, label, new Uint8Array(), 32)).toString("hex")
      leaves.set(node, { handshake: hex("handshake"), application: hex("application") })
      return
    }
    const step = 1 << (level - 1)
    walk(node - step, level - 1, referenceExpandWithLabel(secret, "tree", Buffer.from("left"), 32))
    walk(node + step, level - 1, referenceExpandWithLabel(secret, "tree", Buffer.from("right"), 32))
  }
  const levels = Math.log2(width)
  walk((1 << levels) - 1, levels, encryptionSecret)
  return leaves
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

/** RFC 9420 §9.1: key or nonce of `generation` from a ratchet secret given in hex (reuse guard zero). */
function referenceKey(
  secretHex: string,
  label: string,
  generation: number,
  length: number,
): string {
  const context = Buffer.alloc(4)
  context.writeUInt32BE(generation)
  let secret = Buffer.from(secretHex, "hex") as Uint8Array
  for (let g = 0; g < generation; g++) {
    const step = Buffer.alloc(4)
    step.writeUInt32BE(g)
    secret = referenceExpandWithLabel(secret, "secret", step, 32)
  }
  return hex(referenceExpandWithLabel(secret, label, context, length))
}

describe("patched key derivation", () => {
  let cs: Suite

  beforeAll(async () => {
    cs = await loadCiphersuite(SUITE)
  })

  it("ExpandWithLabel gives the reference bytes on both sides of the one-byte length prefix", async () => {
    const secret = randomBytes(32)
    let checked = 0
    for (const label of ["", "tree", "a".repeat(55), "a".repeat(56), "b".repeat(200)]) {
      for (const contextLength of [0, 4, 63, 64, 300]) {
        for (const length of [12, 16, 32, 64, 100]) {
          const context = randomBytes(contextLength)
          const patched = await expandWithLabel(secret, label, context, length, cs.kdf)
          expect(Buffer.from(patched).toString("hex")).toBe(
            Buffer.from(referenceExpandWithLabel(secret, label, context, length)).toString("hex"),
          )
          checked++
        }
      }
    }
    expect(checked).toBe(125)
  })

  /** Key and nonce of `generation` of a leaf's ratchet through the patched code, and the tree after. */
  async function keyOf(
    tree: SecretTree,
    leafIndex: number,
    contentType: "application" | "commit",
    generation: number,
  ) {
    const reuseGuard = new Uint8Array(4) as Parameters<typeof ratchetToGeneration>[1]["reuseGuard"]
    const out = await ratchetToGeneration(
      tree,
      { leafIndex, generation, reuseGuard },
      contentType,
      defaultKeyRetentionConfig,
      cs,
    )
    return { key: hex(out.key), nonce: hex(out.nonce), tree: out.newTree, consumed: out.consumed }
  }

  it("gives every leaf the keys RFC 9420 §9 derives, in any order of first use, for 1 to 1024 leaves", async () => {
    for (const width of [1, 2, 4, 8, 64, 1024]) {
      const encryptionSecret = randomBytes(32)
      let tree = await createSecretTree(width, encryptionSecret, cs.kdf)
      const reference = referenceLeafRatchets(width, encryptionSecret)
      expect(tree.length).toBe(2 * width - 1)
      expect(reference.size).toBe(width)
      // Leaves first used in a scattered order, each at generation 0 and 3 of both ratchets.
      const order = [...reference.keys()].sort((a, b) => ((a * 7919) % 1031) - ((b * 7919) % 1031))
      for (const node of order) {
        const expected = reference.get(node)!
        for (const [contentType, label] of [
          ["application", "application"],
          ["commit", "handshake"],
        ] as const) {
          for (const generation of [0, 3]) {
            const got = await keyOf(tree, node / 2, contentType, generation)
            tree = got.tree
            expect({ width, node, contentType, generation, key: got.key }).toEqual({
              width,
              node,
              contentType,
              generation,
              key: referenceKey(expected[label], "key", generation, 16),
            })
            expect(got.nonce).toBe(referenceKey(expected[label], "nonce", generation, 12))
          }
        }
      }
    }
  }, 60_000)

  it("keeps only unsplit secrets and used leaves; a split secret is handed back for zeroing", async () => {
    const encryptionSecret = randomBytes(32)
    // The patch's fourth parameter (the local member's leaf) is not in ts-mls's declarations.
    const createWithOwnLeaf = createSecretTree as unknown as (
      ...args: [...Parameters<typeof createSecretTree>, number]
    ) => Promise<SecretTree>
    const tree = await createWithOwnLeaf(16, encryptionSecret, cs.kdf, 5)
    const filled = (i: number) => tree[i]!.handshake.secret.length > 0
    // The own leaf (node 10) is derived; each subtree beside its path holds one unsplit secret.
    expect(tree.flatMap((_, i) => (filled(i) ? [i] : []))).toEqual([3, 8, 10, 13, 23])
    expect(tree[10]!.application.generation).toBe(0)
    expect(encryptionSecret.some((b) => b !== 0)).toBe(true) // the caller's copy is untouched
    // First use of leaf 15 splits node 23 down to it; the secrets split are consumed.
    const used = await keyOf(tree, 15, "application", 0)
    const after = used.tree.flatMap((_, i) =>
      used.tree[i]!.handshake.secret.length > 0 ? [i] : [],
    )
    expect(after).toEqual([3, 8, 10, 13, 19, 25, 28, 30])
    expect(used.consumed).toContain(tree[23]!.handshake.secret)
    // The tree it was given is unchanged (a failed decryption leaves the state as it was).
    expect(tree[23]!.handshake.secret.length).toBe(32)
  })

  it("derives the same keys from a tree read back from its encoding (a reloaded state)", async () => {
    const encryptionSecret = randomBytes(32)
    const reference = referenceLeafRatchets(8, encryptionSecret)
    let tree = await createSecretTree(8, encryptionSecret, cs.kdf)
    tree = (await keyOf(tree, 2, "application", 0)).tree
    for (const leaf of [0, 2, 7]) {
      const [decoded] = decodeSecretTree(encode(secretTreeEncoder)(tree), 0) ?? []
      if (!decoded) throw new Error("the secret tree did not decode")
      const got = await keyOf(decoded, leaf, "commit", leaf === 2 ? 0 : 1)
      expect({ leaf, key: got.key }).toEqual({
        leaf,
        key: referenceKey(reference.get(2 * leaf)!.handshake, "key", leaf === 2 ? 0 : 1, 16),
      })
      tree = got.tree
    }
  })
})
