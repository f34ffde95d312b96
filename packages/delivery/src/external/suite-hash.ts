/**
 * The hash of an MLS ciphersuite, as ts-mls's default crypto provider makes
 * it (WebCrypto digest of the suite's hash algorithm). The roster needs only
 * the hash (for ProposalRefs), so it does not build a full ciphersuite
 * implementation (HPKE, signatures) that some suites need optional packages for.
 */
import { InvalidInputError } from "@mlskit/core"
import { type CiphersuiteId, getCiphersuiteFromId } from "ts-mls/crypto/ciphersuite.js"
import type { Hash, HashAlgorithm } from "ts-mls/crypto/hash.js"
import { makeHashImpl } from "ts-mls/crypto/implementation/default/makeHashImpl.js"

const hashes = new Map<HashAlgorithm, Hash>()

/** True when ts-mls knows this ciphersuite id. */
export function isKnownSuite(suite: number): boolean {
  return Number.isInteger(suite) && hashAlgorithmOf(suite) !== undefined
}

/** The hash of a ciphersuite id; InvalidInputError when ts-mls does not know the suite. */
export function suiteHash(suite: number): Hash {
  const algorithm = hashAlgorithmOf(suite)
  if (algorithm === undefined) throw new InvalidInputError("unknown MLS ciphersuite id")
  let hash = hashes.get(algorithm)
  if (hash === undefined) {
    hash = makeHashImpl(globalThis.crypto.subtle, algorithm)
    hashes.set(algorithm, hash)
  }
  return hash
}

function hashAlgorithmOf(suite: number): HashAlgorithm | undefined {
  const ciphersuite = getCiphersuiteFromId(suite as CiphersuiteId) as
    | ReturnType<typeof getCiphersuiteFromId>
    | undefined
  return ciphersuite?.hash
}
