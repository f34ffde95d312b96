/**
 * Application messages: the owner encrypts and the existing member
 * decrypts, in order, with `warmup` untimed pairs first. Through core
 * (`measureMessages`: sendMessage encrypts, seals and stores the new state;
 * processMessage) or through any other implementation's pair of members
 * (`measureMessagePair`, used by the OpenMLS column).
 */
import { randomBytes } from "node:crypto"
import type { GroupFixture } from "../lib/group-fixture.js"
import { type Stats, summarize } from "../lib/stats.js"

/** Encrypt and decrypt timings for one plaintext size. */
export interface MessageTimings {
  encrypt: Stats
  decrypt: Stats
}

/** A sender and a receiver in one group. */
export interface MessagePair {
  /** The sender's ciphertext of `plaintext`. */
  send(plaintext: Uint8Array): Promise<Uint8Array>
  /** The receiver processes `ciphertext`; returns what kind of message it was. */
  receive(ciphertext: Uint8Array): Promise<string>
}

/** Time `iterations` sends of `bytes`-byte plaintexts, then their processing. */
export async function measureMessagePair(
  pair: MessagePair,
  bytes: number,
  iterations: number,
  warmup: number,
): Promise<MessageTimings> {
  const plaintext = new Uint8Array(randomBytes(bytes))
  for (let i = 0; i < warmup; i++) await pair.receive(await pair.send(plaintext))
  const ciphertexts: Uint8Array[] = []
  const encrypt: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    ciphertexts.push(await pair.send(plaintext))
    encrypt.push(performance.now() - start)
  }
  const decrypt: number[] = []
  for (const ciphertext of ciphertexts) {
    const start = performance.now()
    const kind = await pair.receive(ciphertext)
    decrypt.push(performance.now() - start)
    if (kind !== "application") throw new Error(`expected an application message, got ${kind}`)
  }
  return { encrypt: summarize(encrypt), decrypt: summarize(decrypt) }
}

/** `measureMessagePair` through core: the fixture's owner sends, its member processes. */
export function measureMessages(
  fx: GroupFixture,
  bytes: number,
  iterations: number,
  warmup: number,
): Promise<MessageTimings> {
  return measureMessagePair(
    {
      send: (plaintext) => fx.client.sendMessage(fx.owner, plaintext),
      receive: async (ciphertext) => (await fx.client.processMessage(fx.member, ciphertext)).kind,
    },
    bytes,
    iterations,
    warmup,
  )
}
