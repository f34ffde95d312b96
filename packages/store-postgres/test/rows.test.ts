/** Row conversion: BIGINT strings become exact numbers or fail, BYTEA Buffers become plain copies. */
import { describe, expect, it } from "vitest"
import { bytesFromBytea, integerFromBigint, metadataFromJson } from "../src/rows.js"

describe("row conversion", () => {
  it("reads BIGINT text up to Number.MAX_SAFE_INTEGER exactly", () => {
    expect(integerFromBigint("9007199254740991", "epoch")).toBe(Number.MAX_SAFE_INTEGER)
    expect(integerFromBigint("0", "epoch")).toBe(0)
  })

  it("refuses a BIGINT beyond Number.MAX_SAFE_INTEGER instead of rounding it", () => {
    expect(() => integerFromBigint("9007199254740993", "epoch")).toThrow(
      /epoch is not a safe integer/,
    )
  })

  it("copies BYTEA Buffers into plain Uint8Arrays that share no memory", () => {
    const buffer = Buffer.from([1, 2, 3])
    const bytes = bytesFromBytea(buffer)
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype)
    buffer[0] = 9
    expect(bytes).toStrictEqual(new Uint8Array([1, 2, 3]))
  })

  it("accepts only an object of strings as metadata", () => {
    expect(metadataFromJson({ a: "1" })).toStrictEqual({ a: "1" })
    expect(() => metadataFromJson({ a: 1 })).toThrow(/not text/)
    expect(() => metadataFromJson(["a"])).toThrow(/not an object/)
    expect(() => metadataFromJson(null)).toThrow(/not an object/)
  })
})
