/**
 * HKDF (RFC 5869) extract and expand on `createHmac`: for the short outputs
 * MLS asks for, one HMAC call beats `crypto.hkdf`, which has no expand-only form.
 */
import { createHmac } from "node:crypto"
import type { Kdf, KdfAlgorithm } from "ts-mls"
import { fresh } from "./bytes.js"
import { cryptoError } from "./errors.js"
import type { NodeHashName } from "./hash.js"

/** Output size in bytes of each hash. */
export const hashSize: Record<NodeHashName, number> = { sha256: 32, sha384: 48, sha512: 64 }

/** Node's hash name behind an HKDF algorithm. */
export function kdfHashName(alg: KdfAlgorithm): NodeHashName {
  switch (alg) {
    case "HKDF-SHA256":
      return "sha256"
    case "HKDF-SHA384":
      return "sha384"
    case "HKDF-SHA512":
      return "sha512"
  }
}

/** HKDF-Extract(salt, ikm); an empty salt acts as Nh zero bytes, as RFC 5869 says. */
export function hkdfExtract(hash: NodeHashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return fresh(createHmac(hash, salt).update(ikm).digest())
}

/** HKDF-Expand(prk, info, length) in a fresh array; intermediate blocks are zeroed. */
export function hkdfExpand(
  hash: NodeHashName,
  prk: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array {
  const size = hashSize[hash]
  if (!Number.isInteger(length) || length < 0 || length > 255 * size) {
    throw cryptoError("HKDF-Expand: invalid output length")
  }
  if (length === 0) return new Uint8Array(0)
  if (length === size) {
    return fresh(createHmac(hash, prk).update(info).update(COUNTER[1]!).digest())
  }
  const out = new Uint8Array(length)
  let previous: Uint8Array = new Uint8Array(0)
  for (let i = 1, offset = 0; offset < length; i++) {
    const block = createHmac(hash, prk).update(previous).update(info).update(COUNTER[i]!).digest()
    previous.fill(0)
    out.set(block.subarray(0, Math.min(size, length - offset)), offset)
    offset += size
    previous = block
  }
  previous.fill(0)
  return out
}

const COUNTER = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i))

/** A ts-mls `Kdf` for `alg`. */
export function makeKdf(alg: KdfAlgorithm): Kdf {
  const hash = kdfHashName(alg)
  return {
    async extract(salt, ikm) {
      return hkdfExtract(hash, salt, ikm)
    },
    async expand(prk, info, len) {
      return hkdfExpand(hash, prk, info, len)
    },
    size: hashSize[hash],
  }
}
