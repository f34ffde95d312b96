/**
 * Byte helpers that keep secrets zeroable: every array handed to ts-mls owns
 * its whole ArrayBuffer, never a view into Node's shared Buffer pool.
 */
import { Buffer } from "node:buffer"

/** An array that owns its memory: wraps a Buffer that owns its ArrayBuffer, copies anything else. */
export function fresh(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) {
    if (bytes.buffer instanceof ArrayBuffer) return new Uint8Array(bytes.buffer)
  }
  return new Uint8Array(bytes)
}

/** The concatenation of `parts` in a fresh array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** `value` as a big-endian unsigned integer of `length` bytes (RFC 8017 I2OSP). */
export function i2osp(value: number, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let v = value
  for (let i = length - 1; i >= 0; i--) {
    out[i] = v & 0xff
    v = Math.floor(v / 256)
  }
  return out
}

/** `bytes` left-padded with zeros to `length` (big-endian scalars); a fresh array. */
export function leftPad(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  out.set(bytes, length - bytes.length)
  return out
}

/** Unpadded base64url of `bytes`, for JWK import. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url")
}

/** Decodes base64url into a fresh array left-padded to `length`, zeroing the pooled scratch copy. */
export function fromBase64Url(text: string, length: number): Uint8Array {
  const scratch = Buffer.from(text, "base64url")
  const out = leftPad(scratch.subarray(Math.max(0, scratch.length - length)), length)
  scratch.fill(0)
  return out
}

/** The ASCII bytes of a protocol label. */
export function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"))
}
