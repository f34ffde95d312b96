import { describe, expect, it } from "vitest"
import { InvalidInputError, type OperationHooks } from "../src/index.js"
import { instrument } from "../src/instrument.js"
import { LruCache } from "../src/lru-cache.js"

describe("instrument", () => {
  it("turns an unexpected failure into INTERNAL_ERROR even with no hooks", async () => {
    const run = instrument([], "send_message", {}, async () => {
      throw new TypeError("boom")
    })
    await expect(run).rejects.toMatchObject({ code: "INTERNAL_ERROR" })
  })

  it("passes an mlskit error through unchanged with no hooks", async () => {
    const error = new InvalidInputError("bad")
    await expect(
      instrument([], "send_message", {}, async () => {
        throw error
      }),
    ).rejects.toBe(error)
  })

  it("hands each hook its own context, wraps the body in every runInContext and reports the live attributes", async () => {
    const seen: string[] = []
    const hook = (tag: string): OperationHooks => ({
      onStart: () => tag,
      runInContext: (context, body) => {
        seen.push(`enter ${String(context)}`)
        return body()
      },
      onStep: (_op, step, context) => seen.push(`${String(context)} ${step}`),
      onEnd: (_op, outcome, context) =>
        seen.push(`${String(context)} end ${JSON.stringify(outcome.attributes)}`),
    })
    const result = await instrument(
      [hook("a"), {}, hook("b")],
      "send_message",
      { groupId: "g" },
      async (scope) => {
        scope.set({ epoch: 2 })
        scope.step("encrypt")
        return 7
      },
    )
    expect(result).toBe(7)
    expect(seen).toEqual([
      "enter b",
      "enter a",
      "a encrypt",
      "b encrypt",
      'a end {"groupId":"g","epoch":2}',
      'b end {"groupId":"g","epoch":2}',
    ])
  })

  it("reports a failure to every hook with the mapped error", async () => {
    const codes: string[] = []
    const hooks: OperationHooks[] = [
      { onEnd: (_op, outcome) => codes.push(outcome.error?.code ?? "none") },
      { onEnd: (_op, outcome) => codes.push(outcome.error?.code ?? "none") },
    ]
    await expect(
      instrument(hooks, "process_message", {}, async () => {
        throw new Error("x")
      }),
    ).rejects.toMatchObject({ code: "INTERNAL_ERROR" })
    expect(codes).toEqual(["INTERNAL_ERROR", "INTERNAL_ERROR"])
  })
})

describe("LruCache.has", () => {
  it("answers without counting as a use", () => {
    const cache = new LruCache<string, number>(2)
    cache.set("a", 1)
    cache.set("b", 2)
    expect(cache.has("a")).toBe(true)
    cache.set("c", 3)
    expect(cache.has("a")).toBe(false)
    expect(cache.has("b")).toBe(true)
  })
})
