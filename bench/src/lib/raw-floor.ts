/**
 * The physical floor of one 1 KiB application message on node:crypto, with
 * keys already imported: sending is one Ed25519 signature, two AES-128-GCM
 * encryptions (content and sender data) and five HMAC-SHA256 (the secret-tree
 * and key-schedule derivations); receiving swaps the signature for a verify.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from "node:crypto"
import { measure } from "./measure.js"
import type { Stats } from "./stats.js"

/** Floor cost of sending and of receiving one message. */
export interface RawFloor {
  send: Stats
  receive: Stats
}

/** Measure the floor with `iterations` samples of each direction. */
export async function measureRawFloor(iterations: number): Promise<RawFloor> {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519")
  const message = randomBytes(1024)
  const aesKey = randomBytes(16)
  const nonce = randomBytes(12)
  const macKey = randomBytes(32)
  const signature = sign(null, message, privateKey)
  const sealed = aesGcmEncrypt(aesKey, nonce, message)
  const hmacs = () => {
    for (let i = 0; i < 5; i++) createHmac("sha256", macKey).update(message).digest()
  }
  const warmup = Math.min(200, iterations)
  const send = await measure(
    () => {
      sign(null, message, privateKey)
      aesGcmEncrypt(aesKey, nonce, message)
      aesGcmEncrypt(aesKey, nonce, message)
      hmacs()
    },
    { iterations, warmup },
  )
  const receive = await measure(
    () => {
      if (!verify(null, message, publicKey, signature)) throw new Error("verify failed")
      aesGcmDecrypt(aesKey, nonce, sealed)
      aesGcmDecrypt(aesKey, nonce, sealed)
      hmacs()
    },
    { iterations, warmup },
  )
  return { send, receive }
}

function aesGcmEncrypt(key: Buffer, nonce: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv("aes-128-gcm", key, nonce)
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
}

function aesGcmDecrypt(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv("aes-128-gcm", key, nonce)
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()])
}
