/**
 * The key cache: bounded, least-recently-used eviction, disabled at size 0,
 * and fingerprints that do not contain the secret.
 */
import { describe, expect, it } from "vitest"
import { KeyCache } from "../src/key-cache.js"

describe("KeyCache", () => {
  it("creates once per id and returns the cached value after", () => {
    const cache = new KeyCache<number>(4)
    let created = 0
    const make = () => ++created
    expect(cache.getOrCreate("a", make)).toBe(1)
    expect(cache.getOrCreate("a", make)).toBe(1)
    expect(created).toBe(1)
  })

  it("evicts the least recently used entry beyond its capacity", () => {
    const cache = new KeyCache<string>(2)
    cache.getOrCreate("a", () => "A")
    cache.getOrCreate("b", () => "B")
    cache.getOrCreate("a", () => "never")
    cache.getOrCreate("c", () => "C")
    expect(cache.size).toBe(2)
    expect(cache.getOrCreate("a", () => "A2")).toBe("A")
    expect(cache.getOrCreate("b", () => "B2")).toBe("B2")
  })

  it("caches nothing at capacity 0", () => {
    const cache = new KeyCache<number>(0)
    let created = 0
    cache.getOrCreate("a", () => ++created)
    cache.getOrCreate("a", () => ++created)
    expect([cache.size, created]).toEqual([0, 2])
  })

  it("fingerprints secrets without containing them, distinct per cache", () => {
    const secret = new Uint8Array(32).fill(0xab)
    const a = new KeyCache<number>(1).secretId("Ed25519", secret)
    const b = new KeyCache<number>(1).secretId("Ed25519", secret)
    expect(a).not.toContain(Buffer.from(secret).toString("base64"))
    expect(a).not.toContain(Buffer.from(secret).toString("hex"))
    expect(a).not.toBe(b)
  })
})
