/**
 * The workspace patch derives the secret tree in one top-down pass with
 * ratchets at the leaves only (parents share an empty placeholder: no
 * sender uses a parent's ratchets), and writes ExpandWithLabel's KDFLabel
 * straight into one buffer (patches/ts-mls@1.6.4.patch, `secretTree.js`,
 * `crypto/kdf.js`). These tests hold both to a from-scratch RFC 9420
 * derivation on node:crypto (HKDF-Expand written out as HMACs), next to the
 * official secret-tree and crypto-basics vectors that crypto-node's tests
 * run through the same patched code.
 */
import { createHmac, randomBytes } from "node:crypto"
import { expandWithLabel } from "ts-mls/crypto/kdf.js"
import { createSecretTree } from "ts-mls/secretTree.js"
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

  it("derives every leaf's ratchets as RFC 9420 §9 does, for trees of 1 to 1024 leaves", async () => {
    for (const width of [1, 2, 4, 8, 64, 1024]) {
      const encryptionSecret = randomBytes(32)
      const tree = await createSecretTree(width, encryptionSecret, cs.kdf)
      const reference = referenceLeafRatchets(width, encryptionSecret)
      expect(tree.length).toBe(2 * width - 1)
      expect(reference.size).toBe(width)
      for (const [node, expected] of reference) {
        const leaf = tree[node]!
        expect({
          width,
          node,
          handshake: Buffer.from(leaf.handshake.secret).toString("hex"),
        }).toEqual({ width, node, handshake: expected.handshake })
        expect(Buffer.from(leaf.application.secret).toString("hex")).toBe(expected.application)
        expect([leaf.handshake.generation, leaf.application.generation]).toEqual([0, 0])
      }
    }
  })

  it("keeps no secret at parent nodes", async () => {
    const tree = await createSecretTree(16, randomBytes(32), cs.kdf)
    const parents = tree.filter((_, i) => i % 2 === 1)
    expect(parents).toHaveLength(15)
    for (const parent of parents) {
      expect(parent.handshake.secret.length).toBe(0)
      expect(parent.application.secret.length).toBe(0)
      expect(Object.isFrozen(parent)).toBe(true)
    }
    const leaves = tree.filter((_, i) => i % 2 === 0)
    const secrets = new Set(
      leaves.flatMap((l) =>
        [l.handshake, l.application].map((g) => Buffer.from(g.secret).toString("hex")),
      ),
    )
    expect(secrets.size).toBe(32)
  })
})
