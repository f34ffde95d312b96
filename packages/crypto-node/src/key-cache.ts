/**
 * A bounded least-recently-used map from a key fingerprint to an imported
 * `KeyObject`, so repeated signing or verifying with one key skips the import.
 */
import { Buffer } from "node:buffer"
import { createHmac, randomBytes } from "node:crypto"

/** Bounded LRU of imported keys; capacity 0 disables caching. */
export class KeyCache<V> {
  readonly #entries = new Map<string, V>()
  readonly #capacity: number
  readonly #salt = randomBytes(32)

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity))
  }

  /** A keyed fingerprint of secret bytes: map keys reveal nothing about the key. */
  secretId(tag: string, bytes: Uint8Array): string {
    return `${tag}:${createHmac("sha256", this.#salt).update(bytes).digest("base64")}`
  }

  /** The public bytes themselves as an id (public keys need no hiding). */
  publicId(tag: string, bytes: Uint8Array): string {
    return `${tag}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")}`
  }

  /** The cached value for `id`, importing and remembering it on a miss. */
  getOrCreate(id: string, create: () => V): V {
    const hit = this.#entries.get(id)
    if (hit !== undefined) {
      this.#entries.delete(id)
      this.#entries.set(id, hit)
      return hit
    }
    const value = create()
    if (this.#capacity > 0) {
      this.#entries.set(id, value)
      if (this.#entries.size > this.#capacity) {
        const oldest = this.#entries.keys().next().value
        if (oldest !== undefined) this.#entries.delete(oldest)
      }
    }
    return value
  }

  /** Number of cached keys. */
  get size(): number {
    return this.#entries.size
  }
}
