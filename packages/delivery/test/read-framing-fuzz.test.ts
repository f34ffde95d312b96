/** readFraming under fuzzing: arbitrary and corrupted bytes get a typed refusal, never a crash. */
import { MlskitError } from "@mlskit/core"
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { InMemoryGroupLog, readFraming } from "../src/index.js"
import { privateMessage, publicMessage } from "../src/testing/index.js"
import { makeRealMessages, type RealMessages } from "./real-messages.js"

let real: RealMessages
beforeAll(async () => {
  real = await makeRealMessages()
})

const WIRE = "(public_message|private_message|welcome|group_info|key_package)"
/** Every message a refusal may carry: fixed words and lengths, nothing from the input. */
const REFUSALS = [
  /^message is empty$/,
  /^message is truncated: \d+ bytes, an MLSMessage header needs 4$/,
  /^unsupported protocol version: only mls10 is accepted$/,
  /^unknown wire format$/,
  new RegExp(`^malformed or truncated ${WIRE} \\(\\d+ bytes\\)$`),
  new RegExp(`^\\d+ trailing bytes after a \\d+-byte ${WIRE}$`),
  /^epoch exceeds 2\^53 - 1$/,
]

/** Runs readFraming; returns "ok" or the refusal's code, and fails on any other throw. */
function outcome(bytes: Uint8Array): string {
  try {
    readFraming(bytes)
    return "ok"
  } catch (error) {
    if (!MlskitError.isInstance(error)) throw error
    expect(error.code).toBe("INVALID_MESSAGE")
    expect(
      REFUSALS.some((pattern) => pattern.test(error.message)),
      error.message,
    ).toBe(true)
    return error.code
  }
}

const corruption = (seed: Uint8Array) =>
  fc.oneof(
    fc.nat({ max: seed.length - 1 }).map((n) => seed.slice(0, n)),
    fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, x]) => {
      const out = seed.slice()
      out[at] = (out[at] as number) ^ x
      return out
    }),
    fc
      .tuple(fc.nat({ max: seed.length }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([at, extra]) => new Uint8Array([...seed.slice(0, at), ...extra, ...seed.slice(at)])),
  )

describe("readFraming fuzzing", () => {
  it("refuses arbitrary bytes with a typed error or reads them, never throws anything else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        outcome(bytes)
      }),
      { numRuns: 2000 },
    )
  })

  it("handles corrupted real messages the same way", () => {
    const seeds = [
      real.publicAddCommit,
      real.application,
      real.proposal,
      real.welcome,
      real.keyPackage,
    ]
    const seen = new Set<string>()
    for (const seed of seeds) {
      fc.assert(
        fc.property(corruption(seed), (bytes) => {
          seen.add(outcome(bytes))
        }),
        { numRuns: 300 },
      )
    }
    expect([...seen].sort()).toEqual(["INVALID_MESSAGE", "ok"])
  })

  it("reads back the group id, epoch and content type of any protocol message", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom("application" as const, "proposal" as const, "commit" as const),
        fc.boolean(),
        fc.nat(),
        (groupId, epoch, contentType, isPublic, seed) => {
          const bytes = isPublic
            ? publicMessage(groupId, epoch, contentType, seed)
            : privateMessage(groupId, epoch, contentType, seed)
          expect(readFraming(bytes)).toMatchObject({ groupId, epoch, contentType })
        },
      ),
      { numRuns: 500 },
    )
  })

  it("leaves a log unchanged whatever arbitrary bytes are appended", async () => {
    const log = new InMemoryGroupLog()
    const groupId = real.groupId
    await log.append(groupId, real.publicAddCommit)
    const before = await log.read(groupId)
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const error = await log.append(groupId, bytes).then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(MlskitError.isInstance(error)).toBe(true)
      }),
      { numRuns: 1000 },
    )
    expect(await log.read(groupId)).toEqual(before)
    expect(await log.head(groupId)).toEqual({ lastSeq: 1, oldestSeq: 1 })
  })
})
