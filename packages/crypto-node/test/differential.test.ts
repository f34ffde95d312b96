/**
 * Differential: on seeded random inputs, every primitive agrees with ts-mls's
 * default provider (equal outputs where deterministic, mutual acceptance of
 * signatures and HPKE ciphertexts where not, equal rejections on tampering).
 */
import { createHash } from "node:crypto"
import {
  type CiphersuiteImpl,
  type CiphersuiteName,
  defaultCryptoProvider,
  getCiphersuiteFromName,
} from "ts-mls"
import { describe, expect, it } from "vitest"
import { nodeCryptoProvider } from "../src/index.js"

const suites: CiphersuiteName[] = [
  "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
  "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
  "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
  "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
  "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
  "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448",
  "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
  "MLS_256_MLKEM768_AES256GCM_SHA384_Ed25519",
]
const ROUNDS = 25

/** Deterministic pseudo-random bytes (SHA-256 in counter mode) so failures reproduce. */
function seeded(seed: string) {
  let counter = 0
  const bytes = (n: number) => {
    const out = new Uint8Array(n)
    for (let off = 0; off < n; off += 32) {
      const block = createHash("sha256").update(`${seed}/${counter++}`).digest()
      out.set(block.subarray(0, Math.min(32, n - off)), off)
    }
    return out
  }
  const int = (max: number) => (bytes(4).reduce((a, b) => a * 256 + b, 0) >>> 0) % (max + 1)
  return { bytes, int }
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(bytes)
  out[at % out.length]! ^= 0x01
  return out
}

describe.each(suites)("%s agrees with the default provider", (name) => {
  const both = async (): Promise<[CiphersuiteImpl, CiphersuiteImpl]> => {
    const cs = getCiphersuiteFromName(name)
    return [
      await nodeCryptoProvider.getCiphersuiteImpl(cs),
      await defaultCryptoProvider.getCiphersuiteImpl(cs),
    ]
  }

  it("on hash, mac and verifyMac", async () => {
    const [ours, ref] = await both()
    const r = seeded(`${name}/hash`)
    for (let i = 0; i < ROUNDS; i++) {
      const data = r.bytes(r.int(300))
      const key = r.bytes(1 + r.int(150))
      expect(await ours.hash.digest(data)).toEqual(await ref.hash.digest(data))
      const mac = await ref.hash.mac(key, data)
      expect(await ours.hash.mac(key, data)).toEqual(mac)
      expect(await ours.hash.verifyMac(key, mac, data)).toBe(true)
      expect(await ours.hash.verifyMac(key, flip(mac, i), data)).toBe(false)
      expect(await ours.hash.verifyMac(key, mac.subarray(1), data)).toBe(false)
    }
  })

  it("on HKDF extract and expand, including multi-block outputs", async () => {
    const [ours, ref] = await both()
    const r = seeded(`${name}/kdf`)
    expect(ours.kdf.size).toBe(ref.kdf.size)
    for (let i = 0; i < ROUNDS; i++) {
      // The default provider's HKDF accepts only empty or hash-sized salts (all MLS uses).
      const salt = r.bytes(i % 2 === 0 ? 0 : ref.kdf.size)
      const ikm = r.bytes(r.int(80))
      const prk = await ref.kdf.extract(salt, ikm)
      expect(await ours.kdf.extract(salt, ikm)).toEqual(prk)
      const info = r.bytes(r.int(120))
      const length = 1 + r.int(3 * ref.kdf.size)
      expect(await ours.kdf.expand(prk, info, length)).toEqual(
        await ref.kdf.expand(prk, info, length),
      )
    }
  })

  it("on AEAD seal, open and rejection of tampered input", async () => {
    const [ours, ref] = await both()
    const r = seeded(`${name}/aead`)
    expect([ours.hpke.keyLength, ours.hpke.nonceLength]).toEqual([
      ref.hpke.keyLength,
      ref.hpke.nonceLength,
    ])
    for (let i = 0; i < ROUNDS; i++) {
      const key = r.bytes(ref.hpke.keyLength)
      const nonce = r.bytes(ref.hpke.nonceLength)
      const aad = i % 3 === 0 ? undefined : r.bytes(r.int(64))
      const pt = r.bytes(r.int(2000))
      const ct = await ref.hpke.encryptAead(key, nonce, aad, pt)
      expect(await ours.hpke.encryptAead(key, nonce, aad, pt)).toEqual(ct)
      expect(await ours.hpke.decryptAead(key, nonce, aad, ct)).toEqual(pt)
      await expect(ours.hpke.decryptAead(key, nonce, aad, flip(ct, i))).rejects.toThrow()
      await expect(ref.hpke.decryptAead(key, nonce, aad, flip(ct, i))).rejects.toThrow()
    }
  })

  it("on signatures: each verifies the other's, both reject tampering", async () => {
    const [ours, ref] = await both()
    const r = seeded(`${name}/sig`)
    for (let i = 0; i < 6; i++) {
      const signer = i % 2 === 0 ? ours : ref
      const verifier = i % 2 === 0 ? ref : ours
      const { signKey, publicKey } = await signer.signature.keygen()
      const message = r.bytes(1 + r.int(500))
      for (const [a, b] of [
        [signer, verifier],
        [verifier, signer],
      ] as const) {
        const sig = await a.signature.sign(signKey, message)
        expect(await b.signature.verify(publicKey, message, sig)).toBe(true)
        expect(await b.signature.verify(publicKey, flip(message, i), sig)).toBe(false)
        expect(await b.signature.verify(publicKey, message, flip(sig, 7 + i))).toBe(false)
      }
    }
  })

  it("on HPKE: derived keys match, seal/open and export/import cross over", async () => {
    const [ours, ref] = await both()
    const r = seeded(`${name}/hpke`)
    for (let i = 0; i < 6; i++) {
      const ikm = r.bytes(64)
      const mine = await ours.hpke.deriveKeyPair(ikm)
      const theirs = await ref.hpke.deriveKeyPair(ikm)
      const pub = await ref.hpke.exportPublicKey(theirs.publicKey)
      const priv = await ref.hpke.exportPrivateKey(theirs.privateKey)
      expect(await ours.hpke.exportPublicKey(mine.publicKey)).toEqual(pub)
      expect(await ours.hpke.exportPrivateKey(mine.privateKey)).toEqual(priv)

      const info = r.bytes(r.int(60))
      const aad = r.bytes(r.int(30))
      const pt = r.bytes(r.int(300))
      for (const [sender, receiver] of [
        [ours, ref],
        [ref, ours],
      ] as const) {
        const pk = await sender.hpke.importPublicKey(pub)
        const sk = await receiver.hpke.importPrivateKey(priv)
        const { ct, enc } = await sender.hpke.seal(pk, pt, info, aad)
        expect(await receiver.hpke.open(sk, enc, ct, info, aad)).toEqual(pt)
        await expect(receiver.hpke.open(sk, enc, flip(ct, i), info, aad)).rejects.toThrow()
        const context = r.bytes(20)
        const exported = await sender.hpke.exportSecret(pk, context, 32, info)
        expect(await receiver.hpke.importSecret(sk, context, exported.enc, 32, info)).toEqual(
          exported.secret,
        )
      }
    }
  })
})
