/** Bytes ⇄ base64url without padding, the encoding of every byte field of the API. */

/** Encode bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url")
}

/** Decode base64url (without padding) into bytes. */
export function fromBase64Url(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64url"))
}
