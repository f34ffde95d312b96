/**
 * Building blocks of the group-state encoder: a list of byte parts that is
 * copied into one buffer once, and a memo of encodings keyed by immutable
 * objects. Use them where a large encoding is mostly made of pieces that an
 * earlier encoding already produced.
 */

/** Byte parts in order, concatenated only when the whole is needed. */
export class ByteParts {
  readonly parts: Uint8Array[] = []
  length = 0

  /** Append byte arrays (kept by reference, never copied here). */
  push(...bytes: Uint8Array[]): this {
    for (const b of bytes) {
      this.parts.push(b)
      this.length += b.length
    }
    return this
  }

  /** Append all parts of `other`. */
  append(other: ByteParts): this {
    for (const b of other.parts) this.parts.push(b)
    this.length += other.length
    return this
  }

  /** Copy the parts into `out` at `offset`; returns the offset after them. */
  writeTo(out: Uint8Array, offset: number): number {
    let at = offset
    for (const b of this.parts) {
      out.set(b, at)
      at += b.length
    }
    return at
  }

  /** The parts as one new array. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length)
    this.writeTo(out, 0)
    return out
  }
}

/**
 * Values computed once per key object. Only sound for objects that are never
 * mutated after their first lookup (every ts-mls state and its parts).
 */
export class Memo<K extends object, V> {
  private readonly values = new WeakMap<K, V>()

  constructor(private readonly compute: (key: K) => V) {}

  /** The memoized value of `key`, computing it on first use. */
  get(key: K): V {
    let value = this.values.get(key)
    if (value === undefined) {
      value = this.compute(key)
      this.values.set(key, value)
    }
    return value
  }

  /** Record a value that is known to equal `compute(key)` (e.g. the bytes `key` was decoded from). */
  remember(key: K, value: V): void {
    this.values.set(key, value)
  }
}
