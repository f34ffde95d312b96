import {
  ConflictError,
  CryptoError,
  ForbiddenError,
  GroupNotFoundError,
  InternalError,
  InvalidInputError,
  InvalidMessageError,
  NotFoundError,
  ServiceUnavailableError,
  StorageError,
  UnauthorizedError,
} from "@mlskit/core"
import { ShutdownCoordinator } from "@mlskit/shutdown"
import { describe, expect, it } from "vitest"
import { RETRY_AFTER_SECONDS, toHttpError } from "../src/index.js"

describe("toHttpError", () => {
  it.each([
    [new InvalidInputError("bad"), 400, "INVALID_INPUT"],
    [new InvalidMessageError("bad"), 400, "INVALID_MESSAGE"],
    [new CryptoError("bad tag"), 400, "CRYPTO_ERROR"],
    [new UnauthorizedError(), 401, "UNAUTHORIZED"],
    [new ForbiddenError(), 403, "FORBIDDEN"],
    [new NotFoundError("identity not found"), 404, "NOT_FOUND"],
    [new GroupNotFoundError(), 404, "GROUP_NOT_FOUND"],
    [new ConflictError(), 409, "CONFLICT"],
  ])("maps %s to %i %s with its message", (error, status, code) => {
    expect(toHttpError(error)).toEqual({ status, code, message: error.message })
  })

  it("maps ServiceUnavailable to 503 with Retry-After", () => {
    expect(toHttpError(new ServiceUnavailableError("shutting down"))).toEqual({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      message: "shutting down",
      retryAfter: RETRY_AFTER_SECONDS,
    })
  })

  it("maps the shutdown coordinator's refusal to 503 with Retry-After, like core's", async () => {
    const coordinator = new ShutdownCoordinator()
    await coordinator.shutdown()
    const refusal = (() => {
      try {
        coordinator.assertAccepting()
      } catch (caught) {
        return caught
      }
    })()
    expect(refusal).toBeInstanceOf(ServiceUnavailableError)
    expect(toHttpError(refusal)).toEqual({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      message: "service unavailable: shutting down",
      retryAfter: RETRY_AFTER_SECONDS,
    })
  })

  it("maps a retryable StorageError to 503 and a permanent one to 500 without its message", () => {
    expect(toHttpError(new StorageError("connection lost", { retryable: true }))).toMatchObject({
      status: 503,
      code: "STORAGE_ERROR",
      retryAfter: RETRY_AFTER_SECONDS,
    })
    expect(toHttpError(new StorageError("disk full at /secret/path"))).toEqual({
      status: 500,
      code: "STORAGE_ERROR",
      message: "storage failure",
    })
  })

  it("hides the message of internal and unknown errors", () => {
    expect(toHttpError(new InternalError("state machine broke"))).toEqual({
      status: 500,
      code: "INTERNAL_ERROR",
      message: "internal error",
    })
    expect(toHttpError(new Error("something with a secret"))).toEqual({
      status: 500,
      code: "INTERNAL_ERROR",
      message: "internal error",
    })
    expect(toHttpError("thrown string")).toMatchObject({ status: 500 })
  })

  it("maps Fastify's body errors to 413, 415 and 400 with fixed messages", () => {
    const fst = (code: string, statusCode: number) =>
      Object.assign(new Error(`raw ${code}`), { code, statusCode })
    expect(toHttpError(fst("FST_ERR_CTP_BODY_TOO_LARGE", 413))).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
    })
    expect(toHttpError(fst("FST_ERR_CTP_INVALID_MEDIA_TYPE", 415))).toMatchObject({
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
    })
    expect(toHttpError(fst("FST_ERR_CTP_INVALID_JSON_BODY", 400))).toEqual({
      status: 400,
      code: "INVALID_INPUT",
      message: "the body is not valid JSON",
    })
    expect(toHttpError(fst("FST_ERR_CTP_EMPTY_JSON_BODY", 400))).toMatchObject({
      status: 400,
      code: "INVALID_INPUT",
    })
  })

  it("maps a schema validation error to 400 INVALID_INPUT with the validator's message", () => {
    const error = Object.assign(new Error("body/name must be string"), {
      validation: [{}],
      statusCode: 400,
    })
    expect(toHttpError(error)).toEqual({
      status: 400,
      code: "INVALID_INPUT",
      message: "body/name must be string",
    })
  })
})
