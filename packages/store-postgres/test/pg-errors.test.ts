/** Which node-postgres failures are retryable: lost connections and unavailable servers, nothing else. */
import { describe, expect, it } from "vitest"
import { isRetryablePgError } from "../src/index.js"
import { toStorageError } from "../src/pg-errors.js"

const withCode = (code: string, message = "failure") => Object.assign(new Error(message), { code })

describe("isRetryablePgError", () => {
  it.each([
    ["57P01 admin_shutdown", withCode("57P01")],
    ["57P02 crash_shutdown", withCode("57P02")],
    ["57P03 cannot_connect_now", withCode("57P03")],
    ["08006 connection_failure", withCode("08006")],
    ["08001 unable to establish", withCode("08001")],
    ["53300 too_many_connections", withCode("53300")],
    ["40001 serialization_failure", withCode("40001")],
    ["40P01 deadlock_detected", withCode("40P01")],
    ["ECONNREFUSED", withCode("ECONNREFUSED")],
    ["ECONNRESET", withCode("ECONNRESET")],
    ["Connection terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    ["a connect timeout", new Error("timeout exceeded when trying to connect")],
    [
      "an AggregateError of refused addresses",
      new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]),
    ],
  ])("treats %s as retryable", (_, error) => {
    expect(isRetryablePgError(error)).toBe(true)
  })

  it.each([
    ["23505 unique_violation", withCode("23505")],
    ["42P01 undefined_table", withCode("42P01")],
    ["42501 insufficient_privilege", withCode("42501")],
    ["28P01 invalid_password", withCode("28P01")],
    ["3D000 invalid_catalog_name", withCode("3D000")],
    ["22P02 invalid_text_representation", withCode("22P02")],
    ["a plain Error", new Error("something else")],
    ["a non-error value", "Connection terminated"],
  ])("treats %s as permanent", (_, error) => {
    expect(isRetryablePgError(error)).toBe(false)
  })
})

describe("toStorageError", () => {
  it("keeps the code and the cause, and says whether a retry can help", () => {
    const cause = withCode("57P01", "terminating connection due to administrator command")
    const error = toStorageError(cause, "update group")
    expect(error).toMatchObject({ code: "STORAGE_ERROR", retryable: true, cause })
    expect(error.message).toBe(
      "postgres: update group connection lost or server unavailable (57P01)",
    )
    expect(toStorageError(withCode("42P01"), "read group").retryable).toBe(false)
  })
})
