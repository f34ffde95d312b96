import { encodeGroupState } from "ts-mls"
import { decodeGroupState, encodeGroupStateWithoutTree } from "ts-mls/clientState.js"
import { encode } from "ts-mls/codec/tlsEncoder.js"
import { bigintMapEncoder } from "ts-mls/codec/variableLength.js"
import { epochReceiverDataEncoder } from "ts-mls/epochReceiverData.js"
import { encodeRatchetTree } from "ts-mls/ratchetTree.js"
import { describe, expect, it } from "vitest"
import { DEFAULT_MLS_CONFIG } from "../src/config.js"
import * as mls from "../src/mls-adapter.js"
import { clientConfig, Group } from "./adapter-group.js"

/** What `encodeState` must produce, built from scratch with ts-mls's own encoders only. */
function referenceEncoding(state: mls.ClientState): Uint8Array {
  const segments = [
    encodeGroupStateWithoutTree({ ...state, historicalReceiverData: new Map() }),
    encodeRatchetTree(state.ratchetTree),
    encode(bigintMapEncoder(epochReceiverDataEncoder))(state.historicalReceiverData),
  ]
  const out = new Uint8Array(1 + segments.reduce((n, s) => n + 4 + s.length, 0))
  const view = new DataView(out.buffer)
  out[0] = 3 // layout 3: the bytes of layout 2, secret trees derived on demand
  let offset = 1
  for (const s of segments) {
    view.setUint32(offset, s.length)
    out.set(s, offset + 4)
    offset += 4 + s.length
  }
  return out
}

/** Fails unless the (memoized) encoding of `state` is byte for byte the from-scratch one, and decodes back to it. */
function expectCanonical(state: mls.ClientState): void {
  const bytes = mls.encodeState(state)
  expect(Buffer.from(bytes).equals(Buffer.from(referenceEncoding(state)))).toBe(true)
  const decoded = mls.decodeState(bytes, clientConfig)
  expect(Buffer.from(encodeGroupState(decoded)).equals(Buffer.from(encodeGroupState(state)))).toBe(
    true,
  )
  expect(Buffer.from(mls.encodeState(decoded)).equals(Buffer.from(bytes))).toBe(true)
}

/** ts-mls's full codec round trip: equal content, and no object shared with `state`. */
function rebuilt(state: mls.ClientState): mls.ClientState {
  const decoded = decodeGroupState(encodeGroupState(state), 0)
  if (!decoded) throw new Error("ts-mls cannot decode its own encoding")
  return { ...decoded[0], clientConfig }
}

describe("memoized state encoding", () => {
  for (const members of [3, 9, 20]) {
    for (const publicMessage of [true, false]) {
      it(`equals ts-mls's from-scratch encoding after every step (${members} members, ${publicMessage ? "public" : "private"} commits)`, async () => {
        const group = await Group.create(members, publicMessage)
        const steps: [string, () => Promise<void> | void][] = [
          ["self-update", () => group.commit([]).then(() => undefined)],
          ["self-update by another member", () => group.commit([], [], 2).then(() => undefined)],
          ["message", () => group.message(1, 0)],
          ["add", () => group.add(2)],
          ["message from a past epoch", () => group.lateMessage()],
          ["remove", () => group.remove(members - 1)],
          ["reload the committer", () => group.reload(0)],
          [
            "another member's self-update after reload",
            () => group.commit([], [], 1).then(() => undefined),
          ],
          ["self-update after reload", () => group.commit([]).then(() => undefined)],
          ["remove after reload", () => group.remove(1)],
          ["reload a member", () => group.reload(1)],
          ["message after reload", () => group.message(1, 0)],
          ["add after reload", () => group.add(1)],
          [
            "more epochs than are retained",
            async () => {
              for (let i = 0; i < DEFAULT_MLS_CONFIG.retainEpochs + 1; i++) await group.commit([])
            },
          ],
        ]
        for (const [name, step] of steps) {
          await step()
          // The committer, the members that sent and received, and the newest joiner.
          const watched = new Set([0, 1, 2, group.states.length - 1])
          for (const index of watched) {
            const state = group.states[index]!
            try {
              expectCanonical(state)
            } catch (err) {
              throw new Error(`after "${name}": ${(err as Error).message}`)
            }
          }
        }
      })
    }
  }

  it("encodes trees that share most nodes with an already encoded tree", async () => {
    const group = await Group.create(9, true)
    await group.commit([], [], 3)
    await group.commit([])
    const live = group.states[0]!
    mls.encodeState(live)
    // The same state as it is encoded, and as decoded (whose node bytes are remembered, not encoded).
    for (const state of [live, mls.decodeState(mls.encodeState(live), clientConfig)]) {
      expectVariantsCanonical(state)
    }
  })

  it("encodes a state rebuilt from scratch like the state it was rebuilt from", async () => {
    const group = await Group.create(9, false)
    await group.commit([])
    await group.message(0, 1)
    for (const state of group.states) {
      expect(
        Buffer.from(mls.encodeState(rebuilt(state))).equals(Buffer.from(mls.encodeState(state))),
      ).toBe(true)
    }
  })
})

/** Trees and secret trees that differ from `state`'s in one place encode like ts-mls encodes them. */
function expectVariantsCanonical(state: mls.ClientState): void {
  const tree = state.ratchetTree
  const lastLeaf = tree.length - 1
  const variants: mls.RatchetTree[] = [
    // one leaf replaced by a different member's leaf
    tree.map((node, i) => (i === 2 ? tree[4] : node)),
    // a parent node blanked
    tree.map((node, i) => (i === 1 ? undefined : node)),
    // the last leaf blanked: trailing blanks are not encoded
    tree.map((node, i) => (i >= lastLeaf - 1 ? undefined : node)),
    // a copy of a node: same content, another object
    tree.map((node, i) => (i === 0 && node ? { ...node } : node)),
    // a longer tree ending in the same nodes
    [...tree, undefined, tree[0], undefined],
  ]
  for (const ratchetTree of variants) {
    const variant = { ...state, ratchetTree }
    expect(
      Buffer.from(mls.encodeState(variant)).equals(Buffer.from(referenceEncoding(variant))),
    ).toBe(true)
  }
  const node = state.secretTree[2]!
  const secretNodes: (typeof node)[] = [
    // another node's ratchets
    state.secretTree[0]!,
    // an advanced ratchet that retains skipped generations
    {
      ...node,
      application: {
        secret: new Uint8Array(32).fill(5),
        generation: 7,
        unusedGenerations: { 3: new Uint8Array(32).fill(3), 5: new Uint8Array(32).fill(4) },
      },
    },
    // a secret long enough for a two-byte length prefix
    { ...node, handshake: { ...node.handshake, secret: new Uint8Array(64).fill(6) } },
  ]
  for (const replacement of secretNodes) {
    const secretTree = state.secretTree.map((n, i) => (i === 2 ? replacement : n))
    const variant = { ...state, secretTree }
    expect(
      Buffer.from(mls.encodeState(variant)).equals(Buffer.from(referenceEncoding(variant))),
    ).toBe(true)
  }
}
