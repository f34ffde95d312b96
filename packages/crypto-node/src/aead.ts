/**
 * AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 on `createCipheriv`, one
 * synchronous call per message with no key import.
 */
import { type CipherGCMTypes, createCipheriv, createDecipheriv } from "node:crypto"
import type { AeadAlgorithm } from "ts-mls"
import { fresh } from "./bytes.js"
import { cryptoError } from "./errors.js"

const TAG_LENGTH = 16

/** A synchronous AEAD with its key and nonce sizes. */
export interface NodeAead {
  readonly id: number
  readonly keyLength: number
  readonly nonceLength: number
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array
}

type CipherName = CipherGCMTypes | "chacha20-poly1305"

/** The AEAD for a ts-mls algorithm name, with its HPKE id (RFC 9180 §7.3). */
export function makeAead(alg: AeadAlgorithm): NodeAead {
  switch (alg) {
    case "AES128GCM":
      return aead("aes-128-gcm", 0x0001, 16)
    case "AES256GCM":
      return aead("aes-256-gcm", 0x0002, 32)
    case "CHACHA20POLY1305":
      return aead("chacha20-poly1305", 0x0003, 32)
  }
}

function aead(cipher: CipherName, id: number, keyLength: number): NodeAead {
  const chacha = cipher === "chacha20-poly1305"
  return {
    id,
    keyLength,
    nonceLength: 12,
    seal(key, nonce, aad, plaintext) {
      try {
        const c = createCipheriv(cipher as CipherGCMTypes, key, nonce, {
          authTagLength: TAG_LENGTH,
        })
        if (aad.length > 0 || chacha) {
          c.setAAD(aad, { plaintextLength: plaintext.length })
        }
        const body = c.update(plaintext)
        const tail = c.final()
        const out = new Uint8Array(body.length + tail.length + TAG_LENGTH)
        out.set(body, 0)
        out.set(tail, body.length)
        out.set(c.getAuthTag(), body.length + tail.length)
        return out
      } catch (cause) {
        throw cryptoError("AEAD encryption failed", cause)
      }
    },
    open(key, nonce, aad, ciphertext) {
      if (ciphertext.length < TAG_LENGTH) throw cryptoError("AEAD decryption failed")
      const bodyLength = ciphertext.length - TAG_LENGTH
      let body: Uint8Array | undefined
      try {
        const d = createDecipheriv(cipher as CipherGCMTypes, key, nonce, {
          authTagLength: TAG_LENGTH,
        })
        d.setAuthTag(ciphertext.subarray(bodyLength))
        if (aad.length > 0 || chacha) d.setAAD(aad, { plaintextLength: bodyLength })
        body = d.update(ciphertext.subarray(0, bodyLength))
        const tail = d.final()
        if (tail.length === 0) return fresh(body)
        const out = new Uint8Array(body.length + tail.length)
        out.set(body, 0)
        out.set(tail, body.length)
        body.fill(0)
        tail.fill(0)
        return out
      } catch (cause) {
        body?.fill(0)
        throw cryptoError("AEAD decryption failed", cause)
      }
    },
  }
}
