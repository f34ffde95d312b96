/**
 * Contract section: roster records of followed groups (created once at
 * version 1, replaced only at the expected version, so of two racing
 * updates exactly one wins), and their bad input.
 */
import { toBase64Url } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import type { DeliveryStore, RosterRecord } from "../delivery-store.js"
import { MAX_ROSTER_STATE_BYTES } from "../delivery-store-arguments.js"
import { MAX_GROUP_ID_BYTES } from "../group-key.js"
import {
  type DeliveryContractContext,
  isPlainBytes,
  mlsGroupIdOf,
  sameBytes,
  T0,
  warmUp,
} from "./delivery-contract-context.js"
import { expectMlskitError } from "./expect-error.js"
import { seededBytes } from "./messages.js"

const M = mlsGroupIdOf(1)
const N = mlsGroupIdOf(2)
/** A group that never gets a roster record. */
const EMPTY = mlsGroupIdOf(3)
/** How many rounds of two racing updates the concurrency test runs. */
const ROUNDS = 5

/** Roster state n: distinct bytes. */
const stateOf = (n: number): Uint8Array => seededBytes(500 + n, 20 + (n % 9))

/** What the store must answer for a roster at `version` holding state n, written at T0 + n. */
const rosterOf = (mlsGroupId: Uint8Array, version: number, n: number): RosterRecord => ({
  mlsGroupId: new Uint8Array(mlsGroupId),
  version,
  state: stateOf(n),
  updatedAt: T0 + n,
})

/** Every roster a caller can see of the test groups, as one comparable string. */
async function rosterSnapshot(delivery: DeliveryStore): Promise<string> {
  const parts = []
  for (const id of [M, N, EMPTY]) {
    const roster = await delivery.getRoster(id)
    parts.push(
      roster && {
        ...roster,
        mlsGroupId: toBase64Url(roster.mlsGroupId),
        state: toBase64Url(roster.state),
      },
    )
  }
  return JSON.stringify(parts)
}

/** Declares the roster tests of the DeliveryStore contract. */
export function rosterContract(ctx: DeliveryContractContext): void {
  describe("rosters", () => {
    it("creates a roster at version 1 and reads back every field as plain copies", async () => {
      const { delivery } = await ctx.open()
      expect(await delivery.getRoster(M)).toBeUndefined()
      const state = stateOf(1)
      const created = await delivery.createRoster(M, state, T0 + 1)
      expect(created).toStrictEqual(rosterOf(M, 1, 1))
      state.fill(0)
      created.state.fill(0)
      created.mlsGroupId.fill(0)
      const read = await delivery.getRoster(Buffer.from(M))
      expect(read).toStrictEqual(rosterOf(M, 1, 1))
      expect(isPlainBytes(read?.state)).toBe(true)
      expect(isPlainBytes(read?.mlsGroupId)).toBe(true)
      read?.state.fill(7)
      expect(await delivery.getRoster(M)).toStrictEqual(rosterOf(M, 1, 1))
      const fromBuffer = await delivery.createRoster(Buffer.from(N), Buffer.from(stateOf(2)), 0)
      expect(isPlainBytes(fromBuffer.state)).toBe(true)
      expect(isPlainBytes(fromBuffer.mlsGroupId)).toBe(true)
      expect(await delivery.getRoster(N)).toStrictEqual({ ...rosterOf(N, 1, 2), updatedAt: 0 })
    })

    it(`keeps a roster state of ${MAX_ROSTER_STATE_BYTES} bytes`, async () => {
      const { delivery } = await ctx.open()
      const big = seededBytes(88, MAX_ROSTER_STATE_BYTES)
      await delivery.createRoster(M, big, T0)
      expect(sameBytes((await delivery.getRoster(M))?.state, big)).toBe(true)
      const bigger = seededBytes(89, MAX_ROSTER_STATE_BYTES)
      const updated = await delivery.updateRoster(M, 1, bigger, T0 + 1)
      expect(isPlainBytes(updated.state)).toBe(true)
      expect(sameBytes(updated.state, bigger)).toBe(true)
      expect(sameBytes((await delivery.getRoster(M))?.state, bigger)).toBe(true)
    })

    it("refuses a second create with a non-retryable CONFLICT and keeps the first", async () => {
      const { delivery } = await ctx.open()
      await delivery.createRoster(M, stateOf(1), T0 + 1)
      await delivery.updateRoster(M, 1, stateOf(2), T0 + 2)
      const error = await expectMlskitError(
        delivery.createRoster(M, stateOf(3), T0 + 3),
        "CONFLICT",
      )
      expect(error.retryable).toBe(false)
      expect(await delivery.getRoster(M)).toStrictEqual(rosterOf(M, 2, 2))
    })

    it("replaces the roster at the expected version: the version moves by 1", async () => {
      const { delivery } = await ctx.open()
      await delivery.createRoster(M, stateOf(1), T0 + 1)
      for (let version = 1; version <= 4; version++) {
        const n = version + 1
        const updated = await delivery.updateRoster(M, version, stateOf(n), T0 + n)
        expect(updated).toStrictEqual(rosterOf(M, version + 1, n))
        expect(isPlainBytes(updated.state)).toBe(true)
        expect(await delivery.getRoster(M)).toStrictEqual(updated)
      }
    })

    it("refuses a stale or unknown version with a retryable CONFLICT and changes nothing", async () => {
      const { delivery } = await ctx.open()
      await delivery.createRoster(M, stateOf(1), T0 + 1)
      await delivery.updateRoster(M, 1, stateOf(2), T0 + 2)
      for (const expected of [1, 3, 99]) {
        const attempt = delivery.updateRoster(M, expected, stateOf(9), T0 + 9)
        const error = await expectMlskitError(attempt, "CONFLICT")
        expect(error.retryable).toBe(true)
      }
      expect(await delivery.getRoster(M)).toStrictEqual(rosterOf(M, 2, 2))
      expect(await delivery.updateRoster(M, 2, stateOf(3), T0 + 3)).toStrictEqual(rosterOf(M, 3, 3))
    })

    it("refuses to update a group without a roster with NOT_FOUND and creates nothing", async () => {
      const { delivery } = await ctx.open()
      await delivery.createRoster(M, stateOf(1), T0 + 1)
      await expectMlskitError(delivery.updateRoster(N, 1, stateOf(2), T0 + 2), "NOT_FOUND")
      expect(await delivery.getRoster(N)).toBeUndefined()
      expect(await delivery.getRoster(M)).toStrictEqual(rosterOf(M, 1, 1))
    })

    it("keeps each group's roster apart and matches the whole group id", async () => {
      const { delivery } = await ctx.open()
      await delivery.createRoster(M, stateOf(1), T0 + 1)
      await delivery.createRoster(N, stateOf(2), T0 + 2)
      await delivery.updateRoster(N, 1, stateOf(3), T0 + 3)
      expect(await delivery.getRoster(M)).toStrictEqual(rosterOf(M, 1, 1))
      expect(await delivery.getRoster(N)).toStrictEqual(rosterOf(N, 2, 3))
      expect(await delivery.getRoster(M.slice(0, 8))).toBeUndefined()
      expect(await delivery.getRoster(new Uint8Array([...M, 0]))).toBeUndefined()
      await expectMlskitError(delivery.updateRoster(M.slice(0, 8), 1, stateOf(4), T0), "NOT_FOUND")
      const prefixed = await delivery.createRoster(M.slice(0, 8), stateOf(4), T0 + 4)
      expect(prefixed.version).toBe(1)
      expect(await delivery.getRoster(M)).toStrictEqual(rosterOf(M, 1, 1))
    })

    it("lets exactly one of two concurrent updates at the same version win", async () => {
      const { delivery } = await ctx.open()
      await warmUp(delivery, 4)
      await delivery.createRoster(M, stateOf(0), T0)
      for (let round = 1; round <= ROUNDS; round++) {
        const [a, b] = [2 * round, 2 * round + 1]
        const outcomes = await Promise.allSettled([
          delivery.updateRoster(M, round, stateOf(a), T0 + a),
          delivery.updateRoster(M, round, stateOf(b), T0 + b),
        ])
        const won = outcomes.filter((o) => o.status === "fulfilled")
        const lost = outcomes.filter((o) => o.status === "rejected")
        expect(won).toHaveLength(1)
        expect(lost).toHaveLength(1)
        const winner = (won[0] as PromiseFulfilledResult<RosterRecord>).value
        const wonWith = outcomes[0]?.status === "fulfilled" ? a : b
        expect(winner).toStrictEqual(rosterOf(M, round + 1, wonWith))
        const error = await expectMlskitError(
          Promise.reject((lost[0] as PromiseRejectedResult).reason),
          "CONFLICT",
        )
        expect(error.retryable).toBe(true)
        expect(await delivery.getRoster(M)).toStrictEqual(winner)
      }
    })

    it("lets exactly one of two concurrent creates win", async () => {
      const { delivery } = await ctx.open()
      await warmUp(delivery, 4)
      const outcomes = await Promise.allSettled([
        delivery.createRoster(M, stateOf(1), T0 + 1),
        delivery.createRoster(M, stateOf(2), T0 + 2),
      ])
      const won = outcomes.filter((o) => o.status === "fulfilled")
      expect(won).toHaveLength(1)
      const winner = (won[0] as PromiseFulfilledResult<RosterRecord>).value
      expect(winner.version).toBe(1)
      const lost = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult
      const error = await expectMlskitError(Promise.reject(lost.reason), "CONFLICT")
      expect(error.retryable).toBe(false)
      expect(await delivery.getRoster(M)).toStrictEqual(winner)
    })

    it("refuses bad group ids, states, versions and clock readings with INVALID_INPUT", async () => {
      const { delivery } = await ctx.open()
      await delivery.createRoster(M, stateOf(1), T0 + 1)
      await delivery.updateRoster(M, 1, stateOf(2), T0 + 2)
      const before = await rosterSnapshot(delivery)
      const calls: [string, () => Promise<unknown>][] = []
      const badIds: [string, unknown][] = [
        ["text", "abc"],
        ["empty", new Uint8Array(0)],
        ["too long", new Uint8Array(MAX_GROUP_ID_BYTES + 1)],
        ["array", [1, 2]],
        ["undefined", undefined],
      ]
      for (const [what, id] of badIds) {
        const bad = id as Uint8Array
        calls.push(
          [`getRoster group id ${what}`, () => delivery.getRoster(bad)],
          [`createRoster group id ${what}`, () => delivery.createRoster(bad, stateOf(3), T0)],
          [`updateRoster group id ${what}`, () => delivery.updateRoster(bad, 2, stateOf(3), T0)],
        )
      }
      const badStates: [string, unknown][] = [
        ["empty", new Uint8Array(0)],
        ["too big", new Uint8Array(MAX_ROSTER_STATE_BYTES + 1)],
        ["text", "state"],
        ["array", [1, 2, 3]],
        ["ArrayBuffer", new ArrayBuffer(4)],
        ["Uint16Array", new Uint16Array(2)],
        ["null", null],
      ]
      for (const [what, state] of badStates) {
        const bad = state as Uint8Array
        calls.push(
          [`createRoster state ${what}`, () => delivery.createRoster(EMPTY, bad, T0)],
          [`updateRoster state ${what}`, () => delivery.updateRoster(M, 2, bad, T0)],
        )
      }
      for (const version of [0, -1, 1.5, Number.NaN, 2 ** 53, "2", undefined]) {
        const bad = version as number
        calls.push([
          `expectedVersion ${String(version)}`,
          () => delivery.updateRoster(M, bad, stateOf(3), T0),
        ])
      }
      for (const now of [-1, 1.5, Number.NaN, 2 ** 53, "1", undefined]) {
        const bad = now as number
        calls.push(
          [`createRoster now ${String(now)}`, () => delivery.createRoster(EMPTY, stateOf(3), bad)],
          [`updateRoster now ${String(now)}`, () => delivery.updateRoster(M, 2, stateOf(3), bad)],
        )
      }
      for (const [what, call] of calls) {
        await expectMlskitError(call(), "INVALID_INPUT").catch((error: Error) => {
          throw new Error(`${what}: ${error.message}`)
        })
      }
      expect(await rosterSnapshot(delivery)).toBe(before)
    })
  })
}
