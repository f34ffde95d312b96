/**
 * The DHKEMs of RFC 9180 §4.1 (X25519, X448, P-256, P-384, P-521) on
 * node:crypto `diffieHellman`, including the deterministic DeriveKeyPair.
 */
import { diffieHellman, type KeyObject } from "node:crypto"
import type { KemAlgorithm } from "ts-mls"
import { ascii, concat, i2osp } from "./bytes.js"
import type { NodeHashName } from "./hash.js"
import { hashSize, hkdfExpand, hkdfExtract } from "./kdf.js"
import {
  type EcCurve,
  ecParams,
  ecPrivateBytes,
  ecPrivateKey,
  ecPublicBytes,
  ecPublicKey,
  isAllZero,
  lessThan,
  okpKeyLength,
  okpPrivateBytes,
  okpPrivateKey,
  okpPublicBytes,
  okpPublicKey,
  randomEcPrivateKey,
  randomOkpPrivateKey,
} from "./node-keys.js"

/** The KEMs implemented here. */
export type DhKemAlgorithm = Extract<
  KemAlgorithm,
  | "DHKEM-X25519-HKDF-SHA256"
  | "DHKEM-X448-HKDF-SHA512"
  | "DHKEM-P256-HKDF-SHA256"
  | "DHKEM-P384-HKDF-SHA384"
  | "DHKEM-P521-HKDF-SHA512"
>

/** Whether `kem` is a DHKEM implemented on node:crypto. */
export function isDhKem(kem: KemAlgorithm): kem is DhKemAlgorithm {
  return kem.startsWith("DHKEM-")
}

/** A DHKEM over one curve. */
export interface DhKem {
  readonly id: number
  readonly privateKeyLength: number
  /** A fresh random key pair. */
  generate(): KeyObject
  /** The key pair DeriveKeyPair(ikm) gives, as a private key and its serialized bytes. */
  derive(ikm: Uint8Array): { key: KeyObject; raw: Uint8Array }
  importPrivate(raw: Uint8Array): KeyObject
  importPublic(raw: Uint8Array): KeyObject
  exportPrivate(key: KeyObject): Uint8Array
  /** SerializePublicKey of a private or public key. */
  exportPublic(key: KeyObject): Uint8Array
  /** Encap's shared secret and enc for recipient key `pkR` with serialization `pkRm`. */
  encap(pkR: KeyObject, pkRm: Uint8Array): { sharedSecret: Uint8Array; enc: Uint8Array }
  /** Decap's shared secret for `enc`, given the recipient's private key and serialized public key. */
  decap(enc: Uint8Array, skR: KeyObject, pkRm: Uint8Array): Uint8Array
}

const HPKE_V1 = ascii("HPKE-v1")
const EAE_PRK = ascii("eae_prk")
const SHARED_SECRET = ascii("shared_secret")
const DKP_PRK = ascii("dkp_prk")
const SK = ascii("sk")
const CANDIDATE = ascii("candidate")
const EMPTY = new Uint8Array(0)

interface Curve {
  readonly id: number
  readonly hash: NodeHashName
  readonly privateKeyLength: number
  generate(): KeyObject
  /** A private key from DeriveKeyPair's PRK. */
  deriveFromPrk(expand: (label: Uint8Array, info: Uint8Array, length: number) => Uint8Array): {
    key: KeyObject
    raw: Uint8Array
  }
  importPrivate(raw: Uint8Array): KeyObject
  importPublic(raw: Uint8Array): KeyObject
  exportPrivate(key: KeyObject): Uint8Array
  exportPublic(key: KeyObject): Uint8Array
}

/** The DHKEM for `alg`. */
export function makeDhKem(alg: DhKemAlgorithm): DhKem {
  return dhkem(curveOf(alg))
}

function curveOf(alg: DhKemAlgorithm): Curve {
  switch (alg) {
    case "DHKEM-X25519-HKDF-SHA256":
      return okp("X25519", 0x0020, "sha256")
    case "DHKEM-X448-HKDF-SHA512":
      return okp("X448", 0x0021, "sha512")
    case "DHKEM-P256-HKDF-SHA256":
      return nist("P-256", 0x0010, 0xff)
    case "DHKEM-P384-HKDF-SHA384":
      return nist("P-384", 0x0011, 0xff)
    case "DHKEM-P521-HKDF-SHA512":
      return nist("P-521", 0x0012, 0x01)
  }
}

function dhkem(curve: Curve): DhKem {
  const suiteId = concat(ascii("KEM"), i2osp(curve.id, 2))
  const nsecret = hashSize[curve.hash]
  const labeledExtract = (salt: Uint8Array, label: Uint8Array, ikm: Uint8Array) =>
    hkdfExtract(curve.hash, salt, concat(HPKE_V1, suiteId, label, ikm))
  const labeledExpand = (prk: Uint8Array, label: Uint8Array, info: Uint8Array, length: number) =>
    hkdfExpand(curve.hash, prk, concat(i2osp(length, 2), HPKE_V1, suiteId, label, info), length)
  const extractAndExpand = (dh: Uint8Array, kemContext: Uint8Array) => {
    const prk = labeledExtract(EMPTY, EAE_PRK, dh)
    const secret = labeledExpand(prk, SHARED_SECRET, kemContext, nsecret)
    prk.fill(0)
    dh.fill(0)
    return secret
  }
  const dh = (privateKey: KeyObject, publicKey: KeyObject) => {
    const out = diffieHellman({ privateKey, publicKey })
    if (isAllZero(out)) throw new RangeError("DH output is zero")
    return out
  }
  return {
    id: curve.id,
    privateKeyLength: curve.privateKeyLength,
    generate: () => curve.generate(),
    derive(ikm) {
      const prk = labeledExtract(EMPTY, DKP_PRK, ikm)
      try {
        return curve.deriveFromPrk((label, info, length) => labeledExpand(prk, label, info, length))
      } finally {
        prk.fill(0)
      }
    },
    importPrivate: (raw) => curve.importPrivate(raw),
    importPublic: (raw) => curve.importPublic(raw),
    exportPrivate: (key) => curve.exportPrivate(key),
    exportPublic: (key) => curve.exportPublic(key),
    encap(pkR, pkRm) {
      const ephemeral = curve.generate()
      const enc = curve.exportPublic(ephemeral)
      const sharedSecret = extractAndExpand(dh(ephemeral, pkR), concat(enc, pkRm))
      return { sharedSecret, enc }
    },
    decap(enc, skR, pkRm) {
      const pkE = curve.importPublic(enc)
      return extractAndExpand(dh(skR, pkE), concat(enc, pkRm))
    },
  }
}

function okp(crv: "X25519" | "X448", id: number, hash: NodeHashName): Curve {
  const length = okpKeyLength[crv]
  return {
    id,
    hash,
    privateKeyLength: length,
    generate: () => randomOkpPrivateKey(crv).key,
    deriveFromPrk(expand) {
      const raw = expand(SK, EMPTY, length)
      return { key: okpPrivateKey(crv, raw), raw }
    },
    importPrivate: (raw) => okpPrivateKey(crv, raw),
    importPublic: (raw) => okpPublicKey(crv, raw),
    exportPrivate: (key) => okpPrivateBytes(crv, key),
    exportPublic: (key) => okpPublicBytes(crv, key),
  }
}

function nist(curve: EcCurve, id: number, bitmask: number): Curve {
  const { hash, order, scalarLength } = ecParams[curve]
  return {
    id,
    hash,
    privateKeyLength: scalarLength,
    generate: () => randomEcPrivateKey(curve).key,
    deriveFromPrk(expand) {
      for (let counter = 0; counter < 256; counter++) {
        const raw = expand(CANDIDATE, Uint8Array.of(counter), scalarLength)
        raw[0] = raw[0]! & bitmask
        if (!isAllZero(raw) && lessThan(raw, order)) return { key: ecPrivateKey(curve, raw), raw }
        raw.fill(0)
      }
      throw new RangeError("DeriveKeyPair found no valid scalar")
    },
    importPrivate(raw) {
      // Some encoders drop leading zero bytes of the scalar (mlswg/mls-implementations#176).
      if (raw.length === 0 || raw.length > scalarLength) throw new RangeError("bad scalar length")
      return ecPrivateKey(curve, raw)
    },
    importPublic: (raw) => ecPublicKey(curve, raw),
    exportPrivate: (key) => ecPrivateBytes(curve, key),
    exportPublic: (key) => ecPublicBytes(curve, key),
  }
}
