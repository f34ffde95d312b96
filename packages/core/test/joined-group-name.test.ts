import { describe, expect, it } from "vitest"
import { joinedGroupName } from "../src/joined-group-name.js"
import type { GroupMember } from "../src/types.js"

const members = (...names: string[]): GroupMember[] =>
  names.map((identity, leafIndex) => ({
    leafIndex,
    identity,
    credentialType: "basic",
    signaturePublicKey: new Uint8Array(),
  }))

describe("joinedGroupName", () => {
  it("names the group after the other members, leaving out the joiner", () => {
    expect(joinedGroupName(members("alice", "bob", "carol"), 1, 256)).toBe("alice, carol")
  })

  it("names three other members and counts the rest", () => {
    expect(joinedGroupName(members("a", "b", "c", "d", "e", "me"), 5, 256)).toBe("a, b, c +2")
  })

  it("shows a member without a name as ?", () => {
    expect(joinedGroupName(members("", "me"), 1, 256)).toBe("?")
  })

  it("says group when the joiner is alone", () => {
    expect(joinedGroupName(members("me"), 0, 256)).toBe("group")
  })

  it("cuts at the limit in UTF-16 units without splitting a character", () => {
    const name = joinedGroupName(members("😀😀😀", "me"), 1, 5)
    expect(name).toBe("😀😀")
    expect(name.length).toBeLessThanOrEqual(5)
  })
})
