import { describe, expect, it } from "vitest"
import { RandomPool } from "../src/random-pool.js"

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

describe("RandomPool", () => {
  it("fills exactly the requested length and returns the same buffer", () => {
    const pool = new RandomPool()
    for (const n of [0, 1, 4, 12, 16]) {
      const out = new Uint8Array(n)
      expect(pool.fill(out)).toBe(out)
      expect(out.length).toBe(n)
    }
  })

  it("never hands out the same bytes twice, across many block refills", () => {
    const pool = new RandomPool()
    const seen = new Set<string>()
    // 12-byte draws: 341 per 4 KiB block, so this crosses about 30 refills.
    for (let i = 0; i < 10_000; i++) seen.add(hex(pool.fill(new Uint8Array(12))))
    expect(seen.size).toBe(10_000)
  })

  it("does not repeat a draw that straddles the end of a block", () => {
    const pool = new RandomPool()
    // 7-byte draws do not divide 4096, so some would straddle: they must come from a fresh block.
    const draws = Array.from({ length: 2_000 }, () => hex(pool.fill(new Uint8Array(7))))
    expect(new Set(draws).size).toBe(draws.length)
    expect(draws.every((d) => d.length === 14)).toBe(true)
  })

  it("gives bytes that look uniform (every byte value appears)", () => {
    const pool = new RandomPool()
    const counts = new Array(256).fill(0)
    for (let i = 0; i < 4_000; i++) for (const b of pool.fill(new Uint8Array(16))) counts[b]++
    // 64,000 bytes: each value is expected 250 times; a stuck or zeroed pool fails this.
    expect(Math.min(...counts)).toBeGreaterThan(150)
    expect(Math.max(...counts)).toBeLessThan(350)
  })

  it("serves requests above the pooled size straight from the CSPRNG", () => {
    const pool = new RandomPool()
    const a = pool.fill(new Uint8Array(32))
    const b = pool.fill(new Uint8Array(4096 * 2))
    expect(hex(a)).not.toBe("00".repeat(32))
    expect(b.some((x) => x !== 0)).toBe(true)
    expect(b.length).toBe(8192)
  })
})
