/**
 * crypto-basics.json: RefHash, ExpandWithLabel, DeriveSecret,
 * DeriveTreeSecret, SignWithLabel and EncryptWithLabel per ciphersuite.
 */
import { refhash } from "ts-mls/crypto/hash.js"
import { decryptWithLabel, encryptWithLabel } from "ts-mls/crypto/hpke.js"
import { deriveSecret, deriveTreeSecret, expandWithLabel } from "ts-mls/crypto/kdf.js"
import { signWithLabel, verifyWithLabel } from "ts-mls/crypto/signature.js"
import { describe, expect, it } from "vitest"
import { nodeCryptoProvider } from "../src/index.js"
import { hex, loadVectors, suiteById, toHex, vectorTestsRun } from "./vectors.js"

interface CryptoBasics {
  cipher_suite: number
  ref_hash: { label: string; value: string; out: string }
  expand_with_label: { secret: string; label: string; context: string; length: number; out: string }
  derive_secret: { secret: string; label: string; out: string }
  derive_tree_secret: {
    secret: string
    label: string
    generation: number
    length: number
    out: string
  }
  sign_with_label: { priv: string; pub: string; content: string; label: string; signature: string }
  encrypt_with_label: {
    priv: string
    pub: string
    label: string
    context: string
    plaintext: string
    kem_output: string
    ciphertext: string
  }
}

const vectors = loadVectors<CryptoBasics>("crypto-basics.json").filter(
  (v) => suiteById(v.cipher_suite) !== undefined,
)

describe.skipIf(!vectorTestsRun)("crypto-basics vectors", () => {
  it("covers every suite in the file", () => {
    expect(vectors.length).toBe(7)
  })

  describe.each(vectors.map((v) => [v.cipher_suite, v] as const))("suite %i", (_, v) => {
    const impl = () => nodeCryptoProvider.getCiphersuiteImpl(suiteById(v.cipher_suite)!)

    it("computes ref_hash", async () => {
      const { label, value, out } = v.ref_hash
      expect(toHex(await refhash(label, hex(value), (await impl()).hash))).toBe(out)
    })

    it("computes expand_with_label", async () => {
      const { secret, label, context, length, out } = v.expand_with_label
      const got = await expandWithLabel(
        hex(secret),
        label,
        hex(context),
        length,
        (await impl()).kdf,
      )
      expect(toHex(got)).toBe(out)
    })

    it("computes derive_secret", async () => {
      const { secret, label, out } = v.derive_secret
      expect(toHex(await deriveSecret(hex(secret), label, (await impl()).kdf))).toBe(out)
    })

    it("computes derive_tree_secret", async () => {
      const { secret, label, generation, length, out } = v.derive_tree_secret
      const got = await deriveTreeSecret(hex(secret), label, generation, length, (await impl()).kdf)
      expect(toHex(got)).toBe(out)
    })

    it("verifies the given signature and its own", async () => {
      const { priv, pub, content, label, signature } = v.sign_with_label
      const s = (await impl()).signature
      expect(await verifyWithLabel(hex(pub), label, hex(content), hex(signature), s)).toBe(true)
      const own = await signWithLabel(hex(priv), label, hex(content), s)
      expect(await verifyWithLabel(hex(pub), label, hex(content), own, s)).toBe(true)
      expect(await verifyWithLabel(hex(pub), `${label}!`, hex(content), own, s)).toBe(false)
    })

    it("decrypts the given ciphertext and round-trips its own", async () => {
      const { priv, pub, label, context, plaintext, kem_output, ciphertext } = v.encrypt_with_label
      const hpke = (await impl()).hpke
      const sk = await hpke.importPrivateKey(hex(priv))
      const got = await decryptWithLabel(
        sk,
        label,
        hex(context),
        hex(kem_output),
        hex(ciphertext),
        hpke,
      )
      expect(toHex(got)).toBe(plaintext)
      const pk = await hpke.importPublicKey(hex(pub))
      const { ct, enc } = await encryptWithLabel(pk, label, hex(context), hex(plaintext), hpke)
      expect(toHex(await decryptWithLabel(sk, label, hex(context), enc, ct, hpke))).toBe(plaintext)
    })
  })
})
