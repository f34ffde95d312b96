import { describe, expect, it, vi } from "vitest"
import { hasErrorMarker, MlskitBaseError, ServiceUnavailableError } from "../src/index.js"

/** A second, independent copy of the package, as when two versions are installed. */
async function secondCopy(): Promise<typeof import("../src/index.js")> {
  vi.resetModules()
  return import("../src/index.js")
}

describe("MlskitBaseError", () => {
  it("carries a stable code, a retryable flag (false unless set) and the cause", () => {
    const cause = new Error("socket closed")
    const error = new MlskitBaseError("SOMETHING_FAILED", "something failed", { cause })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe("MlskitBaseError")
    expect(error.code).toBe("SOMETHING_FAILED")
    expect(error.retryable).toBe(false)
    expect(error.cause).toBe(cause)
    expect(new MlskitBaseError("X", "x", { retryable: true }).retryable).toBe(true)
    expect("cause" in new MlskitBaseError("X", "x")).toBe(false)
  })

  it("serialises to name, code, message and retryable, never the cause", () => {
    const error = new MlskitBaseError("X", "public text", { cause: new Error("secret detail") })
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "MlskitBaseError",
      code: "X",
      message: "public text",
      retryable: false,
    })
  })

  it("is recognised by isInstance across two installed copies, where instanceof fails", async () => {
    const copy = await secondCopy()
    const foreign = new copy.MlskitBaseError("X", "from the other copy")
    expect(copy.MlskitBaseError).not.toBe(MlskitBaseError)
    expect(foreign instanceof MlskitBaseError).toBe(false)
    expect(MlskitBaseError.isInstance(foreign)).toBe(true)
  })

  it("rejects plain errors, look-alikes and non-objects", () => {
    expect(MlskitBaseError.isInstance(new Error("x"))).toBe(false)
    expect(MlskitBaseError.isInstance({ code: "X", retryable: false, message: "x" })).toBe(false)
    expect(MlskitBaseError.isInstance(null)).toBe(false)
    expect(MlskitBaseError.isInstance("X")).toBe(false)
  })
})

describe("a family derived from MlskitBaseError", () => {
  const MARKER = Symbol.for("@mlskit/errors/test-family")
  class FamilyError extends MlskitBaseError<"FAMILY_CODE"> {
    readonly [MARKER] = true
    static override isInstance(value: unknown): value is FamilyError {
      return hasErrorMarker(value, MARKER)
    }
  }

  it("is recognised by its own check and by the base check, and takes its class name", () => {
    const error = new FamilyError("FAMILY_CODE", "x")
    expect(error.name).toBe("FamilyError")
    expect(FamilyError.isInstance(error)).toBe(true)
    expect(MlskitBaseError.isInstance(error)).toBe(true)
  })

  it("does not claim errors of another family or the base", () => {
    expect(FamilyError.isInstance(new MlskitBaseError("FAMILY_CODE", "x"))).toBe(false)
    expect(FamilyError.isInstance(new ServiceUnavailableError())).toBe(false)
  })
})

describe("ServiceUnavailableError", () => {
  it("is SERVICE_UNAVAILABLE and retryable by default, with an overridable message", () => {
    const error = new ServiceUnavailableError()
    expect(error.toJSON()).toEqual({
      name: "ServiceUnavailableError",
      code: "SERVICE_UNAVAILABLE",
      message: "service unavailable",
      retryable: true,
    })
    expect(new ServiceUnavailableError("shutting down").message).toBe("shutting down")
    expect(new ServiceUnavailableError("down", { retryable: false }).retryable).toBe(false)
  })

  it("is recognised by its own check from another installed copy", async () => {
    const copy = await secondCopy()
    const foreign = new copy.ServiceUnavailableError()
    expect(foreign instanceof ServiceUnavailableError).toBe(false)
    expect(ServiceUnavailableError.isInstance(foreign)).toBe(true)
    expect(MlskitBaseError.isInstance(foreign)).toBe(true)
    expect(
      ServiceUnavailableError.isInstance(new MlskitBaseError("SERVICE_UNAVAILABLE", "x")),
    ).toBe(false)
  })
})
