/** Bad input to the harness is refused with a typed OpenMlsError; core-crypto's refusals are wrapped. */
import { describe, expect, it } from "vitest"
import {
  clientIdName,
  frameKeyPackage,
  OpenMlsError,
  OpenMlsMember,
  unframeKeyPackage,
} from "../src/index.js"

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (err: unknown) => (OpenMlsError.isInstance(err) ? err.code : `untyped: ${String(err)}`),
  )

describe("OpenMlsMember input checks", () => {
  it("refuses bad arguments with INVALID_INPUT", async () => {
    const member = await OpenMlsMember.create("checks")
    const groupId = new TextEncoder().encode("checks")
    await member.createGroup(groupId)
    expect(await codeOf(OpenMlsMember.create(""))).toBe("INVALID_INPUT")
    expect(await codeOf(member.keyPackages(0))).toBe("INVALID_INPUT")
    expect(await codeOf(member.createGroup(new Uint8Array()))).toBe("INVALID_INPUT")
    expect(await codeOf(member.addMembers(groupId, []))).toBe("INVALID_INPUT")
    expect(await codeOf(member.addMembers(groupId, [new Uint8Array(3)]))).toBe("INVALID_INPUT")
    expect(await codeOf(member.removeMembers(groupId, [new TextEncoder().encode("bob")]))).toBe(
      "INVALID_INPUT",
    )
    expect(await codeOf(member.exportSecret(groupId, 0))).toBe("INVALID_INPUT")
    expect(() => clientIdName(1, "Not A Domain")).toThrow(OpenMlsError)
  })

  it("wraps core-crypto's refusals as CORE_CRYPTO and stays usable", async () => {
    const member = await OpenMlsMember.create("refusals")
    const groupId = new TextEncoder().encode("refusals")
    await member.createGroup(groupId)
    expect(await codeOf(member.decrypt(groupId, new Uint8Array([0, 1, 0, 2, 9, 9])))).toBe(
      "CORE_CRYPTO",
    )
    expect(await codeOf(member.encrypt(new TextEncoder().encode("no such group"), EMPTY))).toBe(
      "CORE_CRYPTO",
    )
    expect(await codeOf(member.join(new Uint8Array([1, 2, 3])))).toBe("CORE_CRYPTO")
    expect(await member.epoch(groupId)).toBe(0)
  })

  it("frames key packages as MLSMessage and reads both forms", async () => {
    const [framed] = await (await OpenMlsMember.create("framing")).keyPackages(1)
    expect([...framed!.subarray(0, 4)]).toEqual([0, 1, 0, 5])
    const bare = unframeKeyPackage(framed!)
    expect(bare).toEqual(framed!.subarray(4))
    expect(unframeKeyPackage(bare)).toBe(bare)
    expect(frameKeyPackage(bare)).toEqual(framed)
  })
})

const EMPTY = new Uint8Array()
