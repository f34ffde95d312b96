import { ConflictError, CryptoError, GroupNotFoundError, StorageError } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { createRetryStrategy, isTransient } from "../src/index.js"

const fast = { initialDelayMs: 1, maxDelayMs: 2 }

describe("retry strategy", () => {
  it("retries transient storage errors with backoff until they succeed", async () => {
    const strategy = createRetryStrategy({ ...fast, maxRetries: 3 })
    let calls = 0
    const result = await strategy.execute(async () => {
      calls++
      if (calls < 3) throw new StorageError("connection reset", { retryable: true })
      return "ok"
    })
    expect(result).toBe("ok")
    expect(calls).toBe(3)
  })

  it("never retries CryptoError, GroupNotFound, Conflict or a non-retryable StorageError", async () => {
    for (const error of [
      new CryptoError("bad tag"),
      new GroupNotFoundError(),
      new ConflictError(),
      new StorageError("disk full", { retryable: false }),
    ]) {
      const strategy = createRetryStrategy(fast)
      let calls = 0
      await expect(
        strategy.execute(async () => {
          calls++
          throw error
        }),
      ).rejects.toBe(error)
      expect(calls).toBe(1)
      expect(isTransient(error)).toBe(false)
    }
  })

  it("opens the circuit after consecutive transient failures and then fails fast with ServiceUnavailable", async () => {
    const strategy = createRetryStrategy({
      ...fast,
      maxRetries: 0,
      breakerThreshold: 3,
      halfOpenAfterMs: 60_000,
    })
    let calls = 0
    const failing = async () => {
      calls++
      throw new StorageError("server gone", { retryable: true })
    }
    for (let i = 0; i < 3; i++)
      await expect(strategy.execute(failing)).rejects.toMatchObject({ code: "STORAGE_ERROR" })
    expect(strategy.breakerState).toBe("open")
    await expect(strategy.execute(failing)).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      retryable: true,
    })
    expect(calls).toBe(3)
  })

  it("closes the circuit again after a successful trial call", async () => {
    const strategy = createRetryStrategy({
      ...fast,
      maxRetries: 0,
      breakerThreshold: 1,
      halfOpenAfterMs: 20,
    })
    await expect(
      strategy.execute(async () => {
        throw new StorageError("down", { retryable: true })
      }),
    ).rejects.toMatchObject({ code: "STORAGE_ERROR" })
    expect(strategy.breakerState).toBe("open")
    await new Promise((r) => setTimeout(r, 30))
    await expect(strategy.execute(async () => "back")).resolves.toBe("back")
    expect(strategy.breakerState).toBe("closed")
  })
})
