import {
  MlskitBaseError,
  ServiceUnavailableError as SharedServiceUnavailable,
} from "@mlskit/errors"
import { describe, expect, it, vi } from "vitest"
import {
  ConflictError,
  GroupNotFoundError,
  MlskitError,
  ServiceUnavailableError,
} from "../src/index.js"

describe("core's errors on the shared base", () => {
  it("keep their codes, retryable flags and names", () => {
    const conflict = new ConflictError()
    expect(conflict.toJSON()).toEqual({
      name: "ConflictError",
      code: "CONFLICT",
      message: "concurrent modification",
      retryable: true,
    })
    expect(new GroupNotFoundError().code).toBe("GROUP_NOT_FOUND")
    expect(MlskitError.isInstance(conflict)).toBe(true)
    expect(MlskitBaseError.isInstance(conflict)).toBe(true)
  })

  it("export the one ServiceUnavailableError, which MlskitError.isInstance accepts", () => {
    expect(ServiceUnavailableError).toBe(SharedServiceUnavailable)
    const refusal = new ServiceUnavailableError()
    expect(MlskitError.isInstance(refusal)).toBe(true)
    expect(refusal.toJSON()).toEqual({
      name: "ServiceUnavailableError",
      code: "SERVICE_UNAVAILABLE",
      message: "service unavailable",
      retryable: true,
    })
  })

  it("are recognised by MlskitError.isInstance from another installed copy", async () => {
    vi.resetModules()
    const copy = await import("../src/errors.js")
    const foreign = new copy.GroupNotFoundError()
    expect(foreign instanceof MlskitError).toBe(false)
    expect(MlskitError.isInstance(foreign)).toBe(true)
  })

  it("do not claim another package's errors or a plain base error", () => {
    expect(MlskitError.isInstance(new MlskitBaseError("INVALID_INPUT", "x"))).toBe(false)
    expect(MlskitError.isInstance(new Error("x"))).toBe(false)
  })
})
