/**
 * HPKE base mode (RFC 9180) for the DHKEM suites, on node:crypto: single-shot
 * seal/open and the secret exporter, as ts-mls's `Hpke` interface asks.
 */
import type { Hpke, HpkeAlgorithm } from "ts-mls"
import type { NodeAead } from "./aead.js"
import { ascii, concat, i2osp } from "./bytes.js"
import type { DhKem } from "./dhkem.js"
import { cryptoError } from "./errors.js"
import {
  asNodePrivateKey,
  asNodePublicKey,
  NodeHpkePrivateKey,
  NodeHpkePublicKey,
  toPrivateKey,
  toPublicKey,
} from "./hpke-keys.js"
import { hashSize, hkdfExpand, hkdfExtract, kdfHashName } from "./kdf.js"

const HPKE_V1 = ascii("HPKE-v1")
const MODE_BASE = Uint8Array.of(0)
const EMPTY = new Uint8Array(0)
const KDF_IDS = { "HKDF-SHA256": 1, "HKDF-SHA384": 2, "HKDF-SHA512": 3 } as const

/** ts-mls's `Hpke` for a DHKEM suite, with the message AEAD `aead`. */
export function makeNodeHpke(alg: HpkeAlgorithm, kem: DhKem, aead: NodeAead): Hpke {
  const hash = kdfHashName(alg.kdf)
  const nh = hashSize[hash]
  const suiteId = concat(
    ascii("HPKE"),
    i2osp(kem.id, 2),
    i2osp(KDF_IDS[alg.kdf], 2),
    i2osp(aead.id, 2),
  )
  const labeledExtract = (salt: Uint8Array, label: string, ikm: Uint8Array) =>
    hkdfExtract(hash, salt, concat(HPKE_V1, suiteId, ascii(label), ikm))
  const labeledExpand = (prk: Uint8Array, label: string, info: Uint8Array, length: number) =>
    hkdfExpand(hash, prk, concat(i2osp(length, 2), HPKE_V1, suiteId, ascii(label), info), length)
  const pskIdHash = labeledExtract(EMPTY, "psk_id_hash", EMPTY)

  /** KeySchedule (mode_base) giving the secret and its context; both zeroed by the caller. */
  const schedule = (sharedSecret: Uint8Array, info: Uint8Array) => {
    const infoHash = labeledExtract(EMPTY, "info_hash", info)
    const context = concat(MODE_BASE, pskIdHash, infoHash)
    const secret = labeledExtract(sharedSecret, "secret", EMPTY)
    sharedSecret.fill(0)
    return { secret, context }
  }
  /** Runs `use` with the context's AEAD key and base nonce, zeroing the secrets after. */
  const withKeys = <T>(
    sharedSecret: Uint8Array,
    info: Uint8Array,
    use: (key: Uint8Array, nonce: Uint8Array) => T,
  ): T => {
    const { secret, context } = schedule(sharedSecret, info)
    const key = labeledExpand(secret, "key", context, aead.keyLength)
    const nonce = labeledExpand(secret, "base_nonce", context, aead.nonceLength)
    secret.fill(0)
    try {
      return use(key, nonce)
    } finally {
      key.fill(0)
    }
  }
  const sealWith = (sharedSecret: Uint8Array, info: Uint8Array, aad: Uint8Array, pt: Uint8Array) =>
    withKeys(sharedSecret, info, (key, nonce) => aead.seal(key, nonce, aad, pt))
  const openWith = (sharedSecret: Uint8Array, info: Uint8Array, aad: Uint8Array, ct: Uint8Array) =>
    withKeys(sharedSecret, info, (key, nonce) => aead.open(key, nonce, aad, ct))
  const exportWith = (
    sharedSecret: Uint8Array,
    info: Uint8Array,
    exporterContext: Uint8Array,
    length: number,
  ) => {
    const { secret, context } = schedule(sharedSecret, info)
    const exporterSecret = labeledExpand(secret, "exp", context, nh)
    secret.fill(0)
    try {
      return labeledExpand(exporterSecret, "sec", exporterContext, length)
    } finally {
      exporterSecret.fill(0)
    }
  }
  const publicOf = (key: NodeHpkePublicKey) => key.key(kem.importPublic)
  const encap = (publicKey: NodeHpkePublicKey) => {
    try {
      return kem.encap(publicOf(publicKey), publicKey.raw)
    } catch (cause) {
      throw cryptoError("HPKE encapsulation failed", cause)
    }
  }
  const decap = (privateKey: NodeHpkePrivateKey, enc: Uint8Array) => {
    try {
      return kem.decap(enc, privateKey.key, privateKey.publicRaw(kem.exportPublic))
    } catch (cause) {
      throw cryptoError("HPKE decapsulation failed", cause)
    }
  }
  const pair = (key: ReturnType<DhKem["generate"]>, raw?: Uint8Array) => {
    const privateKey = new NodeHpkePrivateKey(kem.id, key, raw)
    const publicKey = new NodeHpkePublicKey(kem.id, privateKey.publicRaw(kem.exportPublic))
    return { privateKey: toPrivateKey(privateKey), publicKey: toPublicKey(publicKey) }
  }

  return {
    async open(privateKey, kemOutput, ciphertext, info, aad) {
      const sk = asNodePrivateKey(privateKey, kem.id)
      return openWith(decap(sk, kemOutput), info, aad ?? EMPTY, ciphertext)
    },
    async seal(publicKey, plaintext, info, aad) {
      const { sharedSecret, enc } = encap(asNodePublicKey(publicKey, kem.id))
      return { ct: sealWith(sharedSecret, info, aad ?? EMPTY, plaintext), enc }
    },
    async exportSecret(publicKey, exporterContext, length, info) {
      const { sharedSecret, enc } = encap(asNodePublicKey(publicKey, kem.id))
      return { enc, secret: exportWith(sharedSecret, info, exporterContext, length) }
    },
    async importSecret(privateKey, exporterContext, kemOutput, length, info) {
      const sk = asNodePrivateKey(privateKey, kem.id)
      return exportWith(decap(sk, kemOutput), info, exporterContext, length)
    },
    async importPrivateKey(k) {
      try {
        const key = kem.importPrivate(k)
        const raw = new Uint8Array(kem.privateKeyLength)
        raw.set(k, kem.privateKeyLength - k.length)
        return toPrivateKey(new NodeHpkePrivateKey(kem.id, key, raw))
      } catch (cause) {
        throw cryptoError("invalid HPKE private key", cause)
      }
    },
    async importPublicKey(k) {
      try {
        const raw = new Uint8Array(k)
        return toPublicKey(new NodeHpkePublicKey(kem.id, raw, kem.importPublic(raw)))
      } catch (cause) {
        throw cryptoError("invalid HPKE public key", cause)
      }
    },
    async exportPublicKey(k) {
      return new Uint8Array(asNodePublicKey(k, kem.id).raw)
    },
    async exportPrivateKey(k) {
      return new Uint8Array(asNodePrivateKey(k, kem.id).raw(kem.exportPrivate))
    },
    async encryptAead(key, nonce, aad, plaintext) {
      return aead.seal(key, nonce, aad ?? EMPTY, plaintext)
    },
    async decryptAead(key, nonce, aad, ciphertext) {
      return aead.open(key, nonce, aad ?? EMPTY, ciphertext)
    },
    async deriveKeyPair(ikm) {
      const { key, raw } = kem.derive(ikm)
      return pair(key, raw)
    },
    async generateKeyPair() {
      return pair(kem.generate())
    },
    keyLength: aead.keyLength,
    nonceLength: aead.nonceLength,
  }
}
