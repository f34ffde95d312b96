/**
 * Small random requests (the 12-byte nonce of each sealed blob) served from
 * a block that one `randomFillSync` call fills, as Node's own `randomUUID`
 * does: one native call per 4 KiB instead of one per request. Bytes handed
 * out are wiped from the block, so it never holds a value twice.
 */
import { randomFillSync } from "node:crypto"

const BLOCK_BYTES = 4096
/** Larger requests (keys) go straight to the CSPRNG. */
const MAX_POOLED_BYTES = 16

export class RandomPool {
  readonly #block = new Uint8Array(BLOCK_BYTES)
  #offset = BLOCK_BYTES

  /** Fill `out` with cryptographically secure random bytes and return it. */
  fill(out: Uint8Array): Uint8Array {
    const n = out.length
    if (n > MAX_POOLED_BYTES) return randomFillSync(out)
    if (this.#offset + n > BLOCK_BYTES) {
      randomFillSync(this.#block)
      this.#offset = 0
    }
    const block = this.#block
    const start = this.#offset
    for (let i = 0; i < n; i++) {
      out[i] = block[start + i] as number
      block[start + i] = 0
    }
    this.#offset = start + n
    return out
  }
}
