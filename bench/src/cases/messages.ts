/**
 * Application messages through core: the owner encrypts (sendMessage: encrypt,
 * seal and store the new state) and the existing member decrypts
 * (processMessage), in order, with `warmup` untimed pairs first.
 */
import { randomBytes } from "node:crypto"
import type { GroupFixture } from "../lib/group-fixture.js"
import { type Stats, summarize } from "../lib/stats.js"

/** Encrypt and decrypt timings for one plaintext size. */
export interface MessageTimings {
  encrypt: Stats
  decrypt: Stats
}

/** Time `iterations` sends of `bytes`-byte plaintexts, then their processing. */
export async function measureMessages(
  fx: GroupFixture,
  bytes: number,
  iterations: number,
  warmup: number,
): Promise<MessageTimings> {
  const plaintext = new Uint8Array(randomBytes(bytes))
  for (let i = 0; i < warmup; i++) {
    await fx.client.processMessage(fx.member, await fx.client.sendMessage(fx.owner, plaintext))
  }
  const ciphertexts: Uint8Array[] = []
  const encrypt: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    ciphertexts.push(await fx.client.sendMessage(fx.owner, plaintext))
    encrypt.push(performance.now() - start)
  }
  const decrypt: number[] = []
  for (const ciphertext of ciphertexts) {
    const start = performance.now()
    const result = await fx.client.processMessage(fx.member, ciphertext)
    decrypt.push(performance.now() - start)
    if (result.kind !== "application")
      throw new Error(`expected an application message, got ${result.kind}`)
  }
  return { encrypt: summarize(encrypt), decrypt: summarize(decrypt) }
}
