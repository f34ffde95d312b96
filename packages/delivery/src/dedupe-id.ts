/**
 * Dedupe ids: the key that makes a retried append idempotent. The default is
 * the base64url SHA-256 of the message, so a retry of the same bytes (after a
 * lost answer or a crash between staging and append) finds the original.
 */
import { createHash } from "node:crypto"
import { InvalidInputError } from "@mlskit/core"

/** The longest dedupe id, in characters. */
export const MAX_DEDUPE_ID_LENGTH = 128
const VISIBLE_ASCII = /^[\x21-\x7e]+$/

/** The default dedupe id of a message: base64url SHA-256 of its bytes (43 characters). */
export function defaultDedupeId(message: Uint8Array): string {
  return createHash("sha256").update(message).digest("base64url")
}

/** Check a caller's dedupe id (1 to 128 visible ASCII characters, safe as a NATS header). */
export function checkDedupeId(dedupeId: unknown): string {
  if (
    typeof dedupeId !== "string" ||
    dedupeId.length === 0 ||
    dedupeId.length > MAX_DEDUPE_ID_LENGTH ||
    !VISIBLE_ASCII.test(dedupeId)
  ) {
    throw new InvalidInputError(
      `dedupeId must be 1 to ${MAX_DEDUPE_ID_LENGTH} visible ASCII characters`,
    )
  }
  return dedupeId
}
