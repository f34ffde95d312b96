/**
 * Ed25519, Ed448 and ECDSA (P-256/384/521) signatures on node:crypto, with
 * imported keys kept in a bounded cache. Key and signature encodings match
 * ts-mls and RFC 9420: raw Ed25519/Ed448 keys, ECDSA private keys as raw
 * scalars, public keys as uncompressed points, signatures in DER.
 */
import { type KeyObject, sign, verify } from "node:crypto"
import type { Signature, SignatureAlgorithm } from "ts-mls"
import { fresh } from "./bytes.js"
import { cryptoError } from "./errors.js"
import type { KeyCache } from "./key-cache.js"
import {
  type EcCurve,
  ecParams,
  ecPrivateKey,
  ecPublicBytes,
  ecPublicKey,
  type OkpCurve,
  okpPrivateKey,
  okpPublicBytes,
  okpPublicKey,
  randomEcPrivateKey,
  randomOkpPrivateKey,
} from "./node-keys.js"

/** The signature algorithms node:crypto implements. */
export type NativeSignatureAlgorithm = Exclude<SignatureAlgorithm, "ML-DSA-87">

/** Whether node:crypto implements `alg`. */
export function isNativeSignature(alg: SignatureAlgorithm): alg is NativeSignatureAlgorithm {
  return alg !== "ML-DSA-87"
}

/** PKCS#8 wrapping of a raw Ed25519 seed, as WebCrypto (ts-mls's default keygen) exports it. */
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
])

/** A ts-mls `Signature` for `alg`, caching imported keys in `cache`. */
export function makeSignature(
  alg: NativeSignatureAlgorithm,
  cache: KeyCache<KeyObject>,
): Signature {
  switch (alg) {
    case "Ed25519":
    case "Ed448":
      return eddsa(alg, cache)
    case "P256":
      return ecdsa("P-256", cache)
    case "P384":
      return ecdsa("P-384", cache)
    case "P521":
      return ecdsa("P-521", cache)
  }
}

function eddsa(crv: OkpCurve, cache: KeyCache<KeyObject>): Signature {
  const privateKey = (signKey: Uint8Array) =>
    cache.getOrCreate(cache.secretId(crv, signKey), () => okpPrivateKey(crv, seedOf(crv, signKey)))
  return {
    async sign(signKey, message) {
      let key: KeyObject
      try {
        key = privateKey(signKey)
      } catch (cause) {
        throw cryptoError(`invalid ${crv} signing key`, cause)
      }
      return fresh(sign(null, message, key))
    },
    async verify(publicKey, message, signature) {
      try {
        const key = cache.getOrCreate(cache.publicId(crv, publicKey), () =>
          okpPublicKey(crv, publicKey),
        )
        return verify(null, message, key, signature)
      } catch {
        return false
      }
    },
    async keygen() {
      const { key, raw: signKey } = randomOkpPrivateKey(crv)
      cache.getOrCreate(cache.secretId(crv, signKey), () => key)
      return { signKey, publicKey: okpPublicBytes(crv, key) }
    },
  }
}

function seedOf(crv: OkpCurve, signKey: Uint8Array): Uint8Array {
  if (crv === "Ed25519" && signKey.length === 48 && startsWith(signKey, ED25519_PKCS8_PREFIX)) {
    return signKey.subarray(ED25519_PKCS8_PREFIX.length)
  }
  return signKey
}

function ecdsa(curve: EcCurve, cache: KeyCache<KeyObject>): Signature {
  const { hash } = ecParams[curve]
  return {
    async sign(signKey, message) {
      let key: KeyObject
      try {
        key = cache.getOrCreate(cache.secretId(curve, signKey), () => ecPrivateKey(curve, signKey))
      } catch (cause) {
        throw cryptoError(`invalid ${curve} signing key`, cause)
      }
      return fresh(sign(hash, message, { key, dsaEncoding: "der" }))
    },
    async verify(publicKey, message, signature) {
      try {
        const key = cache.getOrCreate(cache.publicId(curve, publicKey), () =>
          ecPublicKey(curve, publicKey, true),
        )
        return verify(hash, message, { key, dsaEncoding: "der" }, signature)
      } catch {
        return false
      }
    },
    async keygen() {
      const { key, raw: signKey } = randomEcPrivateKey(curve)
      cache.getOrCreate(cache.secretId(curve, signKey), () => key)
      return { signKey, publicKey: ecPublicBytes(curve, key) }
    },
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false
  return true
}
