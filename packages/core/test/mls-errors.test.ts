/**
 * The translation of ts-mls failures: every text it knows is one ts-mls
 * 1.6.4 really throws, and no ts-mls text (known or not) reaches an mlskit
 * error's message.
 */
import { readdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"
import {
  CryptoError,
  InternalError,
  InvalidInputError,
  InvalidMessageError,
  MissingDependencyError,
} from "../src/index.js"
import { mapMlsError, TRANSLATED_TS_MLS_TEXTS } from "../src/mls-errors.js"

/** Every JavaScript source of the installed ts-mls, concatenated. */
function tsMlsSources(): string {
  const entry = createRequire(import.meta.url).resolve("ts-mls")
  const root = join(dirname(entry), "..", "src")
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".js"),
  )
  return files.map((f) => readFileSync(join(root, f), "utf8")).join("\n")
}

/** An error as ts-mls throws it: its class name and text. */
function tsMlsError(name: string, text: string): Error {
  const err = new Error(text)
  err.name = name
  return err
}

describe("translation of ts-mls failures", () => {
  it("knows only texts that the installed ts-mls throws", () => {
    const sources = tsMlsSources()
    const missing = TRANSLATED_TS_MLS_TEXTS.filter((text) => !sources.includes(`"${text}"`))
    expect(missing).toEqual([])
  })

  it("keeps every known text out of the message, whatever the context", () => {
    for (const text of TRANSLATED_TS_MLS_TEXTS) {
      for (const name of [
        "ValidationError",
        "CodecError",
        "UsageError",
        "CryptoVerificationError",
      ]) {
        for (const context of ["message", "input", "crypto"] as const) {
          const mapped = mapMlsError(tsMlsError(name, text), context)
          expect(mapped.message).not.toContain(text)
          expect(mapped.cause).toBeInstanceOf(Error)
        }
      }
    }
  })

  it.each([
    ["ValidationError", "message", InvalidMessageError, "protocol_violation"],
    ["ValidationError", "input", InvalidInputError, undefined],
    ["CodecError", "message", InvalidMessageError, "malformed"],
    ["UsageError", "input", InvalidInputError, undefined],
    ["CryptoVerificationError", "message", CryptoError, undefined],
    ["InternalError", "message", InternalError, undefined],
    ["TypeError", "message", InvalidMessageError, undefined],
  ] as const)("maps an unknown %s in %s context to a generic %s", (name, context, type, reason) => {
    const mapped = mapMlsError(tsMlsError(name, "some new ts-mls text"), context)
    expect(mapped).toBeInstanceOf(type)
    expect(mapped.reason).toBe(reason)
    expect(mapped.message).not.toContain("some new ts-mls text")
  })

  it("names the missing optional package without ts-mls's sentence", () => {
    const text =
      "Optional dependency '@noble/curves' is not installed. Please install it to use this feature."
    const mapped = mapMlsError(tsMlsError("DependencyError", text), "crypto")
    expect(mapped).toBeInstanceOf(MissingDependencyError)
    expect((mapped as MissingDependencyError).packageName).toBe("@noble/curves")
    expect(mapped.message).toBe("the optional package @noble/curves is not installed")
  })
})
