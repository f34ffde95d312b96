/**
 * Contract section: bad input gets a typed error and changes nothing. Every
 * case runs against a log holding entries in two groups, and the whole
 * visible state (heads and entries) must be the same afterwards.
 */
import { MlskitError, toBase64Url } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import type { GroupLog } from "../group-log.js"
import type { ContractContext } from "./contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import {
  applicationMessage,
  commitMessage,
  privateMessage,
  publicMessage,
  testGroupId,
  welcomeMessage,
} from "./messages.js"

const G = testGroupId(1)
const H = testGroupId(2)

/** How many single-bit corruptions of a valid commit are tried. */
const FLIPS = 300

async function seeded(ctx: ContractContext, maxMessageBytes?: number): Promise<GroupLog> {
  const log = await ctx.open(maxMessageBytes === undefined ? {} : { maxMessageBytes })
  await log.append(G, commitMessage(G, 0, 1))
  await log.append(G, applicationMessage(G, 1, 1))
  await log.append(H, commitMessage(H, 0, 1))
  return log
}

/** Everything a reader can see of both groups, as one comparable string. */
async function snapshot(log: GroupLog): Promise<string> {
  const parts = []
  for (const group of [G, H]) {
    const entries = (await log.read(group, { limit: 1000 })).map((e) => ({
      ...e,
      message: toBase64Url(e.message),
    }))
    parts.push({ head: await log.head(group), entries })
  }
  return JSON.stringify(parts)
}

/** Declares the bad-input tests of the group log contract. */
export function badInputContract(ctx: ContractContext): void {
  describe("bad input changes nothing", () => {
    it("refuses bytes that are not a protocol message of this group with INVALID_MESSAGE", async () => {
      const log = await seeded(ctx)
      const before = await snapshot(log)
      const commit = commitMessage(G, 1, 7, { public: true })
      const wrongVersion = commit.slice()
      wrongVersion[1] = 2
      const unknownWireFormat = commit.slice()
      unknownWireFormat[3] = 9
      const trailing = new Uint8Array([...commit, 0])
      const hugeEpoch = privateMessage(G, 2 ** 53, "commit", 1)
      const cases = [
        new Uint8Array(),
        new Uint8Array([0, 1]),
        wrongVersion,
        unknownWireFormat,
        trailing,
        hugeEpoch,
        welcomeMessage(1),
        commitMessage(H, 1, 7),
        ...Array.from({ length: commit.length - 1 }, (_, n) => commit.slice(0, n + 1)),
      ]
      for (const bad of cases) {
        const error = await expectMlskitError(log.append(G, bad), "INVALID_MESSAGE")
        expect(error.message).not.toContain(toBase64Url(G))
        expect(error.message).not.toContain(toBase64Url(H))
      }
      expect(await snapshot(log)).toEqual(before)
    })

    it("refuses a message over the size limit with INVALID_INPUT", async () => {
      const log = await seeded(ctx, 130)
      const before = await snapshot(log)
      const big = publicMessage(G, 1, "commit", 1)
      expect(big.length).toBeGreaterThan(130)
      await expectMlskitError(log.append(G, big), "INVALID_INPUT")
      expect(await snapshot(log)).toEqual(before)
    })

    it("refuses bad group ids, message types and dedupe ids with INVALID_INPUT", async () => {
      const log = await seeded(ctx)
      const before = await snapshot(log)
      const ok = applicationMessage(G, 1, 9)
      const bad = (value: unknown) => value as Uint8Array
      await expectMlskitError(log.append(new Uint8Array(), ok), "INVALID_INPUT")
      await expectMlskitError(log.append(new Uint8Array(257), ok), "INVALID_INPUT")
      await expectMlskitError(log.append(bad("group"), ok), "INVALID_INPUT")
      await expectMlskitError(log.append(G, bad([...ok])), "INVALID_INPUT")
      await expectMlskitError(log.append(G, bad(null)), "INVALID_INPUT")
      for (const dedupeId of ["", "x".repeat(129), "has space", "caf\u00e9", 5]) {
        await expectMlskitError(
          log.append(G, ok, { dedupeId: dedupeId as string }),
          "INVALID_INPUT",
        )
      }
      expect(await snapshot(log)).toEqual(before)
    })

    it(`refuses or appends each of ${FLIPS} one-bit corruptions of a commit, never anything else`, async () => {
      const log = await seeded(ctx)
      const commit = commitMessage(G, 1, 3, { public: true })
      let state = await snapshot(log)
      let rejected = 0
      for (let i = 0; i < FLIPS; i++) {
        const bit = (i * 7919) % (commit.length * 8)
        const mutated = commit.slice()
        mutated[bit >> 3] = (mutated[bit >> 3] as number) ^ (1 << (bit & 7))
        const outcome = await log.append(G, mutated).then(
          () => undefined,
          (error: unknown) => error,
        )
        if (outcome === undefined) {
          const last = (await log.read(G, { limit: 1000 })).at(-1)
          expect(last?.message).toEqual(mutated)
          state = await snapshot(log)
          continue
        }
        rejected++
        expect(MlskitError.isInstance(outcome)).toBe(true)
        expect(["INVALID_MESSAGE", "INVALID_INPUT", "CONFLICT"]).toContain(
          (outcome as MlskitError).code,
        )
        expect(await snapshot(log)).toEqual(state)
      }
      expect(rejected).toBeGreaterThan(0)
    })

    it("refuses bad cursors, limits, seqs and waits with INVALID_INPUT", async () => {
      const log = await seeded(ctx)
      const before = await snapshot(log)
      const n = (value: unknown) => value as number
      for (const after of [-1, 1.5, Number.NaN, n("1")]) {
        await expectMlskitError(log.read(G, { after }), "INVALID_INPUT")
      }
      for (const limit of [0, 1001, 2.5, n("10")]) {
        await expectMlskitError(log.read(G, { limit }), "INVALID_INPUT")
      }
      await expectMlskitError(log.read(new Uint8Array()), "INVALID_INPUT")
      await expectMlskitError(log.head(new Uint8Array()), "INVALID_INPUT")
      for (const seq of [0, -1, 1.5, n("1")]) {
        await expectMlskitError(log.voidCommit(G, seq), "INVALID_INPUT")
      }
      await expectMlskitError(log.waitForAppend(G, -1, { timeoutMs: 10 }), "INVALID_INPUT")
      for (const timeoutMs of [-1, Number.NaN, 2 ** 31, 1.5]) {
        await expectMlskitError(log.waitForAppend(G, 0, { timeoutMs }), "INVALID_INPUT")
      }
      await expectMlskitError(
        log.waitForAppend(G, 0, undefined as unknown as { timeoutMs: number }),
        "INVALID_INPUT",
      )
      const notASignal = {} as AbortSignal
      await expectMlskitError(
        log.waitForAppend(G, 0, { timeoutMs: 10, signal: notASignal }),
        "INVALID_INPUT",
      )
      expect(await snapshot(log)).toEqual(before)
    })
  })
}
