/** Byte helpers used across core: base64url (no padding), hex, UTF-8, equality. */

/** Encode bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url")
}

const BASE64URL = /^[A-Za-z0-9_-]*$/

/** Decode base64url without padding; undefined when the text is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined
  const bytes = new Uint8Array(Buffer.from(text, "base64url"))
  return toBase64Url(bytes) === text ? bytes : undefined
}

/** Encode bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")
}

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const encoder = new TextEncoder()
const decoder = new TextDecoder("utf-8", { fatal: false })

/** UTF-8 encode. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text)

/** UTF-8 decode (invalid sequences become U+FFFD). */
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes)
