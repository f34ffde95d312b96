/**
 * Alternating rounds for A/B comparisons on a shared machine: each round
 * times `perRound` sends on every side, then the processing of those same
 * ciphertexts by the receiving member, with the side order reversed every
 * other round so drifting background load hits both sides alike.
 */
import type { LocalGroupId } from "@mlskit/core"
import { collectGarbage } from "./measure.js"

/** One side of the comparison: a sender's and a receiver's view of one group. */
export interface Side {
  label: string
  send(groupId: LocalGroupId, plaintext: Uint8Array): Promise<Uint8Array>
  process(groupId: LocalGroupId, ciphertext: Uint8Array): Promise<unknown>
  sender: LocalGroupId
  receiver: LocalGroupId
}

/** Per-side send and process samples in milliseconds. */
export type RoundSamples = Map<Side, { send: number[]; process: number[] }>

/** One untimed round, then `rounds` timed ones. */
export async function alternatingRounds(
  sides: Side[],
  rounds: number,
  perRound: number,
  plaintext: Uint8Array,
): Promise<RoundSamples> {
  const samples: RoundSamples = new Map(sides.map((s) => [s, { send: [], process: [] }]))
  for (let r = -1; r < rounds; r++) {
    if (r % 5 === 0) collectGarbage()
    const order = r % 2 === 0 ? sides : [...sides].reverse()
    const ciphertexts = new Map<Side, Uint8Array[]>()
    for (const side of order) {
      const out: Uint8Array[] = []
      for (let i = 0; i < perRound; i++) {
        const start = performance.now()
        out.push(await side.send(side.sender, plaintext))
        if (r >= 0) samples.get(side)?.send.push(performance.now() - start)
      }
      ciphertexts.set(side, out)
    }
    for (const side of order) {
      for (const ciphertext of ciphertexts.get(side) ?? []) {
        const start = performance.now()
        await side.process(side.receiver, ciphertext)
        if (r >= 0) samples.get(side)?.process.push(performance.now() - start)
      }
    }
  }
  return samples
}
