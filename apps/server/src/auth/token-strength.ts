/**
 * Whether a configured admin token is fit for use: not a placeholder copied
 * from an example (`REPLACE-with-...`, `CHANGE-ME`, `example`, one repeated
 * character) and long enough to carry 32 bytes of entropy, which is what
 * `openssl rand -base64 32` (44 characters) or `openssl rand -hex 32`
 * (64 characters) give. Length is the only measure of entropy available, so
 * a token made of hex digits only needs 64 characters, any other token 43
 * (32 bytes in base64url without padding).
 */
import { ConfigError } from "@mlskit/core"

/** Shortest accepted token made of hex digits only (32 bytes). */
export const MIN_HEX_TOKEN_LENGTH = 64

/** Shortest accepted token of any other alphabet (32 bytes as base64url). */
export const MIN_TOKEN_LENGTH = 43

/**
 * Words that mark a placeholder, compared case-insensitively after removing
 * `-`, `_`, `.` and spaces. Each has 6 or more letters, so a random 43-character
 * token contains one with a chance below one in ten million.
 */
const PLACEHOLDER_WORDS = ["replace", "changeme", "example", "placeholder", "insert", "openssl"]

/** Throw a ConfigError naming `key` (never the token) unless `token` is strong enough. */
export function checkTokenStrength(token: string, key: string): void {
  const squashed = token.toLowerCase().replace(/[-_.\s]/g, "")
  const word = PLACEHOLDER_WORDS.find((w) => squashed.includes(w))
  if (word !== undefined) {
    throw new ConfigError(
      key,
      `looks like a placeholder (contains "${word}"); set a random token, e.g. openssl rand -base64 32`,
    )
  }
  if (/^(.)\1*$/s.test(token)) {
    throw new ConfigError(
      key,
      "is one repeated character; set a random token, e.g. openssl rand -base64 32",
    )
  }
  const hexOnly = /^[0-9a-f]+$/i.test(token)
  const min = hexOnly ? MIN_HEX_TOKEN_LENGTH : MIN_TOKEN_LENGTH
  if (token.length < min) {
    throw new ConfigError(
      key,
      `must carry at least 32 random bytes: ${min} characters or more ${hexOnly ? "in hex" : "(base64 or base64url)"}, ` +
        `it has ${token.length}; e.g. openssl rand -base64 32`,
    )
  }
}
