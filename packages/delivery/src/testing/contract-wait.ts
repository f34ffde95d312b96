/** Contract section: waiting for a group's log to grow (long polls, appliers). */
import { describe, expect, it } from "vitest"
import type { ContractContext } from "./contract-context.js"
import { applicationMessage, testGroupId } from "./messages.js"

const G = testGroupId(1)
const H = testGroupId(2)

/** Declares the wait tests of the group log contract. */
export function waitContract(ctx: ContractContext): void {
  describe("waiting for appends", () => {
    it("resolves true at once when the log is already past the cursor", async () => {
      const log = await ctx.open()
      await log.append(G, applicationMessage(G, 0, 1))
      expect(await log.waitForAppend(G, 0, { timeoutMs: 0 })).toBe(true)
      expect(await log.waitForAppend(G, 0, { timeoutMs: 60_000 })).toBe(true)
    })

    it("wakes every waiter of the group when its log grows", async () => {
      const log = await ctx.open()
      await log.append(G, applicationMessage(G, 0, 1))
      const waits = [
        log.waitForAppend(G, 1, { timeoutMs: 60_000 }),
        log.waitForAppend(G, 1, { timeoutMs: 60_000 }),
      ]
      await log.append(G, applicationMessage(G, 0, 2))
      expect(await Promise.all(waits)).toEqual([true, true])
    })

    it("resolves false at the timeout when only another group grew", async () => {
      const log = await ctx.open()
      const wait = log.waitForAppend(G, 0, { timeoutMs: 50 })
      await log.append(H, applicationMessage(H, 0, 1))
      expect(await wait).toBe(false)
      expect(await log.waitForAppend(G, 0, { timeoutMs: 0 })).toBe(false)
    })

    it("rejects with the signal's reason when the wait is aborted", async () => {
      const log = await ctx.open()
      const controller = new AbortController()
      const wait = log.waitForAppend(G, 0, { timeoutMs: 60_000, signal: controller.signal })
      const reason = new Error("client went away")
      controller.abort(reason)
      await expect(wait).rejects.toBe(reason)
      await expect(
        log.waitForAppend(G, 0, { timeoutMs: 60_000, signal: controller.signal }),
      ).rejects.toBe(reason)
    })
  })
}
