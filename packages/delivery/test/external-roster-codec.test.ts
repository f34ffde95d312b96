/** encodeRoster / decodeRoster: a round trip, and StorageError on anything a store could hand back corrupt. */
import { describe, expect, it } from "vitest"
import {
  decodeRoster,
  encodeRoster,
  newRoster,
  ROSTER_FORMAT_VERSION,
  type Roster,
} from "../src/index.js"
import { expectMlskitError } from "../src/testing/expect-error.js"

const REF_A = "ab".repeat(32)
const REF_B = "0c".repeat(64)

const roster: Roster = {
  suite: 1,
  epoch: 7,
  leaves: ["alice", null, "carol", "dävé 🙂"],
  proposals: [
    { ref: REF_A, change: { kind: "add", identity: "erin" } },
    { ref: REF_B, change: { kind: "remove", leafIndex: 2 } },
    { ref: "cd".repeat(48), change: { kind: "other" } },
  ],
  seq: 42,
}

const utf8 = (text: string) => new TextEncoder().encode(text)
const stored = (value: unknown) => utf8(JSON.stringify(value))
const refuse = (bytes: Uint8Array) =>
  expectMlskitError(
    Promise.resolve().then(() => decodeRoster(bytes)),
    "STORAGE_ERROR",
  )

describe("roster codec", () => {
  it("round-trips a roster with blanks, non-ASCII identities and every kind of proposal", () => {
    expect(decodeRoster(encodeRoster(roster))).toEqual(roster)
    expect(decodeRoster(encodeRoster(newRoster(3, "alice")))).toEqual(newRoster(3, "alice"))
  })

  it("writes a version field and nothing but the roster's fields", () => {
    const json = JSON.parse(
      new TextDecoder().decode(encodeRoster({ ...roster, extra: "x" } as Roster)),
    )
    expect(json.v).toBe(ROSTER_FORMAT_VERSION)
    expect(Object.keys(json).sort()).toEqual(["epoch", "leaves", "proposals", "seq", "suite", "v"])
  })

  it("refuses to encode something that is not a roster with INVALID_INPUT", async () => {
    await expectMlskitError(
      Promise.resolve().then(() => encodeRoster({ ...roster, epoch: -1 })),
      "INVALID_INPUT",
    )
  })

  it("refuses garbage, empty and non-UTF-8 bytes with STORAGE_ERROR", async () => {
    await refuse(new Uint8Array())
    await refuse(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]))
    await refuse(utf8("not json"))
    await refuse(utf8("null"))
    await refuse(utf8("[1,2]"))
  })

  it("refuses every truncation of a stored roster with STORAGE_ERROR", async () => {
    const bytes = encodeRoster(roster)
    for (let length = 0; length < bytes.length; length++) await refuse(bytes.subarray(0, length))
  })

  it("refuses an unknown version, suite, or ill-typed field with STORAGE_ERROR", async () => {
    const good = JSON.parse(new TextDecoder().decode(encodeRoster(roster)))
    const bad: unknown[] = [
      { ...good, v: 2 },
      { ...good, v: undefined },
      { ...good, suite: 0 },
      { ...good, suite: "1" },
      { ...good, epoch: -1 },
      { ...good, epoch: 1.5 },
      { ...good, seq: "42" },
      { ...good, leaves: "alice" },
      { ...good, leaves: ["alice", 3] },
      { ...good, leaves: ["alice", ""] },
      { ...good, proposals: {} },
      { ...good, proposals: [{ ref: "AB".repeat(32), change: { kind: "other" } }] },
      { ...good, proposals: [{ ref: "ab", change: { kind: "other" } }] },
      { ...good, proposals: [{ ref: REF_A, change: { kind: "update" } }] },
      { ...good, proposals: [{ ref: REF_A, change: { kind: "add" } }] },
      { ...good, proposals: [{ ref: REF_A, change: { kind: "remove", leafIndex: -1 } }] },
      { ...good, proposals: [null] },
    ]
    for (const value of bad) await refuse(stored(value))
  })
})
