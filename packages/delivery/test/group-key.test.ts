/** groupKey: the base64url text of a group id, whatever array the id comes in. */
import { toBase64Url } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { groupKey, MAX_GROUP_ID_BYTES } from "../src/index.js"

describe("groupKey", () => {
  it("is the unpadded base64url of the id's bytes, for every length", () => {
    for (let length = 1; length <= MAX_GROUP_ID_BYTES; length++) {
      const id = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff)
      expect(groupKey(id)).toBe(toBase64Url(id))
      expect(groupKey(id)).not.toContain("=")
    }
  })

  it("reads only the view's bytes of an id inside a larger buffer", () => {
    const backing = Uint8Array.from({ length: 64 }, (_, i) => i)
    const id = backing.subarray(10, 42)
    expect(groupKey(id)).toBe(Buffer.from(backing.buffer, 10, 32).toString("base64url"))
  })

  it("follows the id's bytes, not the array object", () => {
    const id = new Uint8Array(32).fill(1)
    const before = groupKey(id)
    id[0] = 2
    expect(groupKey(id)).not.toBe(before)
  })

  it("refuses what is not a group id", () => {
    expect(() => groupKey(new Uint8Array(0))).toThrow(/1 to 256/)
    expect(() => groupKey(new Uint8Array(MAX_GROUP_ID_BYTES + 1))).toThrow(/1 to 256/)
    expect(() => groupKey("abc" as unknown as Uint8Array)).toThrow(/Uint8Array/)
  })
})
