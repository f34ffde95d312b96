/**
 * Raw key bytes to and from node:crypto `KeyObject`s. Imports go through JWK,
 * which on OpenSSL 3 is several times faster than DER decoding.
 */
import { Buffer } from "node:buffer"
import {
  createECDH,
  createPrivateKey,
  createPublicKey,
  ECDH,
  type KeyObject,
  randomBytes,
} from "node:crypto"
import { concat, fromBase64Url, leftPad, toBase64Url } from "./bytes.js"
import type { NodeHashName } from "./hash.js"

/** Curves with raw (RFC 7748 / RFC 8032) key encodings. */
export type OkpCurve = "Ed25519" | "Ed448" | "X25519" | "X448"

/** NIST curves, keys as big-endian scalars and SEC1 points. */
export type EcCurve = "P-256" | "P-384" | "P-521"

/** Raw key length of each OKP curve. */
export const okpKeyLength: Record<OkpCurve, number> = {
  Ed25519: 32,
  Ed448: 57,
  X25519: 32,
  X448: 56,
}

/** Parameters of a NIST curve. */
export interface EcParams {
  readonly nodeName: string
  readonly scalarLength: number
  readonly hash: NodeHashName
  readonly order: Uint8Array
}

/** The NIST curves with their group order (FIPS 186-4 D.1.2). */
export const ecParams: Record<EcCurve, EcParams> = {
  "P-256": {
    nodeName: "prime256v1",
    scalarLength: 32,
    hash: "sha256",
    order: hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
  },
  "P-384": {
    nodeName: "secp384r1",
    scalarLength: 48,
    hash: "sha384",
    order: hex(
      "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    ),
  },
  "P-521": {
    nodeName: "secp521r1",
    scalarLength: 66,
    hash: "sha512",
    order: hex(
      "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    ),
  },
}

const PKCS8_PREFIX: Record<OkpCurve, string> = {
  Ed25519: "302e020100300506032b657004220420",
  X25519: "302e020100300506032b656e04220420",
  Ed448: "3047020100300506032b6571043b0439",
  X448: "3046020100300506032b656f043a0438",
}

/** A private OKP key from its raw bytes. */
export function okpPrivateKey(crv: OkpCurve, raw: Uint8Array): KeyObject {
  if (raw.length !== okpKeyLength[crv])
    throw new RangeError(`${crv} private key has a wrong length`)
  try {
    // Node derives the public half from `d`; `x` must be a string but is not read.
    return createPrivateKey({ key: { kty: "OKP", crv, d: toBase64Url(raw), x: "" }, format: "jwk" })
  } catch {
    const der = concat(hex(PKCS8_PREFIX[crv]), raw)
    try {
      return createPrivateKey({ key: Buffer.from(der.buffer), format: "der", type: "pkcs8" })
    } finally {
      der.fill(0)
    }
  }
}

/** A public OKP key from its raw bytes. */
export function okpPublicKey(crv: OkpCurve, raw: Uint8Array): KeyObject {
  if (raw.length !== okpKeyLength[crv]) throw new RangeError(`${crv} public key has a wrong length`)
  return createPublicKey({ key: { kty: "OKP", crv, x: toBase64Url(raw) }, format: "jwk" })
}

/**
 * A fresh OKP private key made from random bytes. Never `generateKeyPairSync`:
 * on Node 20, exporting a generated key while the garbage collector runs can
 * deadlock the main thread for good; keys imported from bytes do not.
 */
export function randomOkpPrivateKey(crv: OkpCurve): { key: KeyObject; raw: Uint8Array } {
  const raw = new Uint8Array(randomBytes(okpKeyLength[crv]))
  return { key: okpPrivateKey(crv, raw), raw }
}

/** A fresh EC private key from a uniformly random scalar in [1, n) (see `randomOkpPrivateKey`). */
export function randomEcPrivateKey(curve: EcCurve): { key: KeyObject; raw: Uint8Array } {
  const { order, scalarLength } = ecParams[curve]
  const top = order[0]!
  const mask = (1 << (32 - Math.clz32(top))) - 1
  for (;;) {
    const raw = new Uint8Array(randomBytes(scalarLength))
    raw[0] = raw[0]! & mask
    if (!isAllZero(raw) && lessThan(raw, order)) return { key: ecPrivateKey(curve, raw), raw }
  }
}

/** True when every byte is zero (constant time). */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0
  for (const b of bytes) acc |= b
  return acc === 0
}

/** Big-endian a < b over equal lengths, without an early exit. */
export function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  let result = 0
  for (let i = a.length - 1; i >= 0; i--) {
    const x = a[i]!
    const y = b[i]!
    result = x < y ? 1 : x > y ? 0 : result
  }
  return result === 1
}

/** The raw public bytes of an OKP key (private or public). */
export function okpPublicBytes(crv: OkpCurve, key: KeyObject): Uint8Array {
  return fromBase64Url(jwkField(key, "x"), okpKeyLength[crv])
}

/** The raw private bytes of an OKP private key. */
export function okpPrivateBytes(crv: OkpCurve, key: KeyObject): Uint8Array {
  return fromBase64Url(jwkField(key, "d"), okpKeyLength[crv])
}

/** A private EC key from its big-endian scalar (shorter scalars are left-padded). */
export function ecPrivateKey(curve: EcCurve, scalar: Uint8Array): KeyObject {
  const { nodeName, scalarLength } = ecParams[curve]
  if (scalar.length > scalarLength) throw new RangeError(`${curve} private key is too long`)
  const d = leftPad(scalar, scalarLength)
  try {
    const ecdh = createECDH(nodeName)
    ecdh.setPrivateKey(d)
    const point = ecdh.getPublicKey()
    return createPrivateKey({ key: ecJwk(curve, point, d), format: "jwk" })
  } finally {
    d.fill(0)
  }
}

/** A public EC key from a SEC1 point, uncompressed or (if `allowCompressed`) compressed. */
export function ecPublicKey(curve: EcCurve, point: Uint8Array, allowCompressed = false): KeyObject {
  const { nodeName, scalarLength } = ecParams[curve]
  let uncompressed = point
  if (point.length === scalarLength + 1 && allowCompressed && (point[0] === 2 || point[0] === 3)) {
    uncompressed = ECDH.convertKey(point, nodeName, undefined, undefined, "uncompressed") as Buffer
  }
  if (uncompressed.length !== 2 * scalarLength + 1 || uncompressed[0] !== 4) {
    throw new RangeError(`${curve} public key is not an uncompressed point`)
  }
  return createPublicKey({ key: ecJwk(curve, uncompressed), format: "jwk" })
}

/** The uncompressed SEC1 point of an EC key (private or public). */
export function ecPublicBytes(curve: EcCurve, key: KeyObject): Uint8Array {
  const { scalarLength } = ecParams[curve]
  const jwk = key.export({ format: "jwk" })
  if (typeof jwk.x !== "string" || typeof jwk.y !== "string") throw new TypeError("not an EC key")
  return concat(
    Uint8Array.of(4),
    fromBase64Url(jwk.x, scalarLength),
    fromBase64Url(jwk.y, scalarLength),
  )
}

/** The big-endian scalar of an EC private key, padded to the curve's length. */
export function ecPrivateBytes(curve: EcCurve, key: KeyObject): Uint8Array {
  return fromBase64Url(jwkField(key, "d"), ecParams[curve].scalarLength)
}

function ecJwk(curve: EcCurve, point: Uint8Array, d?: Uint8Array) {
  const n = ecParams[curve].scalarLength
  const jwk = {
    kty: "EC",
    crv: curve,
    x: toBase64Url(point.subarray(1, 1 + n)),
    y: toBase64Url(point.subarray(1 + n)),
  }
  return d === undefined ? jwk : { ...jwk, d: toBase64Url(d) }
}

function jwkField(key: KeyObject, field: "x" | "d"): string {
  const value = key.export({ format: "jwk" })[field]
  if (typeof value !== "string") throw new TypeError(`key has no JWK field ${field}`)
  return value
}

function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "hex"))
}
