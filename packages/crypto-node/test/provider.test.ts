/**
 * Provider behaviour beyond the vectors: zeroable outputs, ts-mls error
 * types, key encodings ts-mls produces, fallback for what Node lacks, and no
 * key bytes in logs.
 */
import { inspect } from "node:util"
import {
  type Ciphersuite,
  type CiphersuiteName,
  type CryptoProvider,
  defaultCryptoProvider,
  getCiphersuiteFromName,
  nobleCryptoProvider,
} from "ts-mls"
import { CryptoError } from "ts-mls/mlsError.js"
import { describe, expect, it } from "vitest"
import {
  createNodeCryptoProvider,
  isFullyNative,
  nativePrimitives,
  nodeCryptoProvider,
} from "../src/index.js"
import { makeKdf } from "../src/kdf.js"
import { hex, toHex } from "./vectors.js"

const X25519 = getCiphersuiteFromName("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519")
const P256 = getCiphersuiteFromName("MLS_128_DHKEMP256_AES128GCM_SHA256_P256")

/** True when `bytes` is a plain Uint8Array that owns all of its ArrayBuffer. */
function ownsItsMemory(bytes: Uint8Array): boolean {
  return (
    bytes.constructor === Uint8Array &&
    bytes.byteOffset === 0 &&
    bytes.buffer.byteLength === bytes.byteLength
  )
}

describe("nodeCryptoProvider", () => {
  it("returns one implementation per suite", async () => {
    const a = await nodeCryptoProvider.getCiphersuiteImpl(X25519)
    expect(await nodeCryptoProvider.getCiphersuiteImpl(X25519)).toBe(a)
    expect(a.name).toBe(X25519.name)
  })

  it("hands back plain arrays that own their memory, so zeroing one touches nothing else", async () => {
    const cs = await nodeCryptoProvider.getCiphersuiteImpl(X25519)
    const key = new Uint8Array(16).fill(1)
    const nonce = new Uint8Array(12)
    const ct = await cs.hpke.encryptAead(key, nonce, undefined, new Uint8Array(40))
    const pair = await cs.hpke.generateKeyPair()
    const sealed = await cs.hpke.seal(pair.publicKey, new Uint8Array(10), new Uint8Array(0))
    const sig = await cs.signature.keygen()
    const outputs = [
      await cs.hash.digest(new Uint8Array(3)),
      await cs.hash.mac(key, new Uint8Array(3)),
      await cs.kdf.extract(new Uint8Array(0), key),
      await cs.kdf.expand(key, new Uint8Array(0), 16),
      await cs.kdf.expand(key, new Uint8Array(0), 32),
      await cs.kdf.expand(key, new Uint8Array(0), 80),
      ct,
      await cs.hpke.decryptAead(key, nonce, undefined, ct),
      await cs.hpke.open(pair.privateKey, sealed.enc, sealed.ct, new Uint8Array(0)),
      await cs.hpke.exportPrivateKey(pair.privateKey),
      await cs.hpke.exportPublicKey(pair.publicKey),
      sig.signKey,
      sig.publicKey,
      await cs.signature.sign(sig.signKey, new Uint8Array(5)),
      cs.rng.randomBytes(24),
    ]
    expect(outputs.filter((o) => !ownsItsMemory(o))).toEqual([])
  })

  it("rejects tampered AEAD and HPKE ciphertexts with ts-mls's CryptoError", async () => {
    const cs = await nodeCryptoProvider.getCiphersuiteImpl(X25519)
    const key = new Uint8Array(16)
    const nonce = new Uint8Array(12)
    const ct = await cs.hpke.encryptAead(key, nonce, undefined, new Uint8Array(8))
    ct[0]! ^= 1
    await expect(cs.hpke.decryptAead(key, nonce, undefined, ct)).rejects.toBeInstanceOf(CryptoError)
    await expect(
      cs.hpke.decryptAead(key, nonce, undefined, ct.subarray(0, 15)),
    ).rejects.toBeInstanceOf(CryptoError)
    const pair = await cs.hpke.generateKeyPair()
    const sealed = await cs.hpke.seal(pair.publicKey, new Uint8Array(8), new Uint8Array(0))
    await expect(
      cs.hpke.open(pair.privateKey, sealed.enc, sealed.ct, new Uint8Array([1])),
    ).rejects.toBeInstanceOf(CryptoError)
    await expect(cs.hpke.importPublicKey(new Uint8Array(31))).rejects.toBeInstanceOf(CryptoError)
  })

  it("signs with the PKCS#8 Ed25519 keys ts-mls's default provider generates", async () => {
    const ref = await defaultCryptoProvider.getCiphersuiteImpl(X25519)
    const ours = await nodeCryptoProvider.getCiphersuiteImpl(X25519)
    const { signKey, publicKey } = await ref.signature.keygen()
    expect(signKey.length).toBe(48)
    const message = new Uint8Array([1, 2, 3])
    const sig = await ours.signature.sign(signKey, message)
    expect(sig).toEqual(await ref.signature.sign(signKey, message))
    expect(await ref.signature.verify(publicKey, message, sig)).toBe(true)
  })

  it("generates uncompressed ECDSA public keys (RFC 9420) and verifies ts-mls's compressed ones", async () => {
    const ours = await nodeCryptoProvider.getCiphersuiteImpl(P256)
    const noble = await nobleCryptoProvider.getCiphersuiteImpl(P256)
    expect((await ours.signature.keygen()).publicKey.length).toBe(65)
    const { signKey, publicKey } = await noble.signature.keygen()
    expect(publicKey.length).toBe(33)
    const message = new Uint8Array([9])
    expect(
      await ours.signature.verify(publicKey, message, await noble.signature.sign(signKey, message)),
    ).toBe(true)
  })

  it("answers false, not an exception, for malformed public keys and signatures", async () => {
    for (const cs of [X25519, P256]) {
      const s = (await nodeCryptoProvider.getCiphersuiteImpl(cs)).signature
      const { signKey, publicKey } = await s.keygen()
      const sig = await s.sign(signKey, new Uint8Array(1))
      expect(await s.verify(new Uint8Array(3), new Uint8Array(1), sig)).toBe(false)
      expect(await s.verify(publicKey, new Uint8Array(1), sig.subarray(1))).toBe(false)
      expect(await s.verify(publicKey, new Uint8Array(1), new Uint8Array(0))).toBe(false)
    }
  })

  it("shows no key bytes when an HPKE key is logged or serialized", async () => {
    const cs = await nodeCryptoProvider.getCiphersuiteImpl(X25519)
    const { privateKey } = await cs.hpke.deriveKeyPair(new Uint8Array(32).fill(7))
    const raw = toHex(await cs.hpke.exportPrivateKey(privateKey))
    const shown = `${inspect(privateKey, { showHidden: true, depth: 5 })} ${JSON.stringify(privateKey)}`
    expect(shown).not.toContain(raw)
    expect(shown).not.toMatch(/[0-9a-f]{16}/)
  })

  it("computes RFC 5869 HKDF test case 1, whose salt is not hash-sized", async () => {
    const kdf = makeKdf("HKDF-SHA256")
    const prk = await kdf.extract(hex("000102030405060708090a0b0c"), hex("0b".repeat(22)))
    expect(toHex(prk)).toBe("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")
    expect(toHex(await kdf.expand(prk, hex("f0f1f2f3f4f5f6f7f8f9"), 42))).toBe(
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    )
  })
})

describe("createNodeCryptoProvider", () => {
  const counting = () => {
    const calls: CiphersuiteName[] = []
    const fallback: CryptoProvider = {
      getCiphersuiteImpl(cs: Ciphersuite) {
        calls.push(cs.name)
        return defaultCryptoProvider.getCiphersuiteImpl(cs)
      },
    }
    return { calls, fallback }
  }

  it("asks the fallback only for suites with ML-KEM, X-Wing or ML-DSA", async () => {
    const { calls, fallback } = counting()
    const provider = createNodeCryptoProvider({ fallback })
    await provider.getCiphersuiteImpl(X25519)
    await provider.getCiphersuiteImpl(P256)
    const pq = getCiphersuiteFromName("MLS_256_XWING_AES256GCM_SHA512_MLDSA87")
    const impl = await provider.getCiphersuiteImpl(pq)
    expect(calls).toEqual([pq.name])
    const key = new Uint8Array(32)
    const ct = await impl.hpke.encryptAead(key, new Uint8Array(12), undefined, new Uint8Array(4))
    expect(ct.length).toBe(20)
  })

  it("works with the key cache disabled", async () => {
    const cs = await createNodeCryptoProvider({ keyCacheSize: 0 }).getCiphersuiteImpl(P256)
    const { signKey, publicKey } = await cs.signature.keygen()
    const sig = await cs.signature.sign(signKey, new Uint8Array(2))
    expect(await cs.signature.verify(publicKey, new Uint8Array(2), sig)).toBe(true)
  })
})

describe("nativePrimitives", () => {
  it("reports suites 1-7 fully native and post-quantum suites' KEM and ML-DSA as borrowed", () => {
    const named = (n: CiphersuiteName) => getCiphersuiteFromName(n)
    expect(isFullyNative(named("MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448"))).toBe(true)
    expect(nativePrimitives(named("MLS_128_MLKEM512_AES128GCM_SHA256_Ed25519"))).toEqual({
      hash: true,
      kdf: true,
      aead: true,
      signature: true,
      hpke: false,
    })
    expect(nativePrimitives(named("MLS_256_MLKEM1024_AES256GCM_SHA512_MLDSA87")).signature).toBe(
      false,
    )
  })
})
