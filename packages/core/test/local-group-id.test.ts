import { describe, expect, it } from "vitest"
import { InvalidInputError, identityIdOf, localGroupId, parseLocalGroupId } from "../src/index.js"

describe("local group ids", () => {
  it("round-trip identity and MLS group id", () => {
    const id = localGroupId("alice_1", new Uint8Array([1, 2, 250]))
    expect(parseLocalGroupId(id)).toEqual({
      identityId: "alice_1",
      mlsGroupId: new Uint8Array([1, 2, 250]),
    })
    expect(identityIdOf(id)).toBe("alice_1")
  })

  it.each(["", "alice", ".AQI", "al ice.AQI", "alice.", 42])(
    "rejects the malformed id %j with InvalidInputError",
    (id) => {
      expect(() => parseLocalGroupId(id as string)).toThrow(InvalidInputError)
    },
  )
})
