/**
 * The provider itself: builds a ts-mls `CiphersuiteImpl` from the node:crypto
 * primitives, borrowing only what Node lacks (ML-KEM, X-Wing, ML-DSA) from a
 * fallback provider.
 */
import type { KeyObject } from "node:crypto"
import {
  type Ciphersuite,
  type CiphersuiteImpl,
  type CryptoProvider,
  defaultCryptoProvider,
  type Hpke,
  type Rng,
} from "ts-mls"
import { makeAead, type NodeAead } from "./aead.js"
import { isDhKem, makeDhKem } from "./dhkem.js"
import { makeHash } from "./hash.js"
import { makeNodeHpke } from "./hpke.js"
import { makeKdf } from "./kdf.js"
import { KeyCache } from "./key-cache.js"
import { RandomPool } from "./random-pool.js"
import { isNativeSignature, makeSignature } from "./signature.js"

/** Options of `createNodeCryptoProvider`. */
export interface NodeCryptoProviderOptions {
  /** Most signature keys kept imported (least recently used dropped first); 0 disables. Default 1024. */
  keyCacheSize?: number
  /** Provider for what node:crypto lacks (ML-KEM/X-Wing HPKE, ML-DSA). Default: ts-mls's default. */
  fallback?: CryptoProvider
}

const DEFAULT_KEY_CACHE_SIZE = 1024

const pool = new RandomPool()

/** The node:crypto random source; requests of up to 16 bytes (reuse guards, nonces) come from a pooled block (see RandomPool). */
export const nodeRng: Rng = {
  randomBytes(n) {
    return pool.fill(new Uint8Array(n))
  },
}

/** A ts-mls `CryptoProvider` on node:crypto, with its own key cache. */
export function createNodeCryptoProvider(options: NodeCryptoProviderOptions = {}): CryptoProvider {
  const cache = new KeyCache<KeyObject>(options.keyCacheSize ?? DEFAULT_KEY_CACHE_SIZE)
  const fallback = options.fallback ?? defaultCryptoProvider
  const impls = new Map<string, Promise<CiphersuiteImpl>>()

  const build = async (cs: Ciphersuite): Promise<CiphersuiteImpl> => {
    const aead = makeAead(cs.hpke.aead)
    const needsFallback = !isNativeSignature(cs.signature) || !isDhKem(cs.hpke.kem)
    const borrowed = needsFallback ? await fallback.getCiphersuiteImpl(cs) : undefined
    const signature = isNativeSignature(cs.signature)
      ? makeSignature(cs.signature, cache)
      : borrowed!.signature
    const hpke = isDhKem(cs.hpke.kem)
      ? makeNodeHpke(cs.hpke, makeDhKem(cs.hpke.kem), aead)
      : withNativeAead(borrowed!.hpke, aead)
    return {
      hash: makeHash(cs.hash),
      kdf: makeKdf(cs.hpke.kdf),
      signature,
      hpke,
      rng: nodeRng,
      name: cs.name,
    }
  }

  return {
    getCiphersuiteImpl(cs) {
      let impl = impls.get(cs.name)
      if (impl === undefined) {
        impl = build(cs)
        impls.set(cs.name, impl)
        impl.catch(() => impls.delete(cs.name))
      }
      return impl
    },
  }
}

/** A borrowed HPKE whose message AEAD (every application message) runs natively. */
function withNativeAead(hpke: Hpke, aead: NodeAead): Hpke {
  return {
    open: (...args) => hpke.open(...args),
    seal: (...args) => hpke.seal(...args),
    importPrivateKey: (k) => hpke.importPrivateKey(k),
    importPublicKey: (k) => hpke.importPublicKey(k),
    exportPublicKey: (k) => hpke.exportPublicKey(k),
    exportPrivateKey: (k) => hpke.exportPrivateKey(k),
    exportSecret: (...args) => hpke.exportSecret(...args),
    importSecret: (...args) => hpke.importSecret(...args),
    deriveKeyPair: (ikm) => hpke.deriveKeyPair(ikm),
    generateKeyPair: () => hpke.generateKeyPair(),
    async encryptAead(key, nonce, aad, plaintext) {
      return aead.seal(key, nonce, aad ?? new Uint8Array(0), plaintext)
    },
    async decryptAead(key, nonce, aad, ciphertext) {
      return aead.open(key, nonce, aad ?? new Uint8Array(0), ciphertext)
    },
    keyLength: aead.keyLength,
    nonceLength: aead.nonceLength,
  }
}

/** A shared node:crypto provider with default options. */
export const nodeCryptoProvider: CryptoProvider = createNodeCryptoProvider()
