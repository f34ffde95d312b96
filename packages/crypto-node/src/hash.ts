/**
 * Hash and HMAC on `createHash`/`createHmac`, with a constant-time MAC check.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import type { Hash, HashAlgorithm } from "ts-mls"
import { fresh } from "./bytes.js"

/** Node's digest name for a ts-mls hash algorithm. */
export type NodeHashName = "sha256" | "sha384" | "sha512"

/** Maps a ts-mls hash name to node:crypto's. */
function nodeHashName(alg: HashAlgorithm): NodeHashName {
  switch (alg) {
    case "SHA-256":
      return "sha256"
    case "SHA-384":
      return "sha384"
    case "SHA-512":
      return "sha512"
  }
}

/** A ts-mls `Hash` for `alg`. */
export function makeHash(alg: HashAlgorithm): Hash {
  const name = nodeHashName(alg)
  return {
    async digest(data) {
      return fresh(createHash(name).update(data).digest())
    },
    async mac(key, data) {
      return fresh(createHmac(name, key).update(data).digest())
    },
    async verifyMac(key, mac, data) {
      const expected = createHmac(name, key).update(data).digest()
      const ok = expected.length === mac.length && timingSafeEqual(expected, mac)
      expected.fill(0)
      return ok
    },
  }
}
