/**
 * Reading the body of `POST /v1/groups/{groupId}/messages` (its schema is
 * `sendBodySchema` in schemas.ts): the plaintext as bytes (`plaintext`,
 * base64url) or as UTF-8 text (`text`), exactly one of them, with optional
 * authenticated data (`aad`, base64url).
 */
import { InvalidInputError } from "@mlskit/core"
import type { FastifyRequest } from "fastify"
import { EXACTLY_ONE_PLAINTEXT } from "./schemas.js"
import { decodeBytes } from "./wire-bytes.js"

/** The send body as it arrives. */
export interface SendBody {
  plaintext?: string
  text?: string
  aad?: string
}

/**
 * A preValidation hook that refuses a body with both or neither of
 * `plaintext` and `text` with a message that says so (the schema's `oneOf`
 * alone would only say "must match exactly one schema in oneOf").
 */
export async function requireOnePlaintext(request: FastifyRequest): Promise<void> {
  const body = request.body
  if (typeof body !== "object" || body === null || Array.isArray(body)) return
  const given = ["plaintext", "text"].filter((field) => Object.hasOwn(body, field))
  if (given.length !== 1) throw new InvalidInputError(EXACTLY_ONE_PLAINTEXT)
}

/** The plaintext bytes and authenticated data of a validated send body. */
export function readSendBody(body: SendBody): { plaintext: Uint8Array; aad: Uint8Array } {
  const plaintext =
    body.text !== undefined
      ? new TextEncoder().encode(body.text)
      : decodeBytes("plaintext", body.plaintext ?? "")
  const aad = body.aad === undefined ? new Uint8Array() : decodeBytes("aad", body.aad)
  return { plaintext, aad }
}
