/**
 * At-rest encryption of secret-bearing blobs (group states, signature keys,
 * key-package private keys, snapshots): AES-256-GCM on node:crypto behind a
 * versioned header, so a future release can recognise and migrate old blobs.
 *
 * Layout: "MLSK" | format u8 | kind u8 | suite u16 | key id (4) | tsMlsLen u8 | tsMlsVersion | nonce (12) | ciphertext | tag (16)
 * The header and a caller-supplied context (the record id) are authenticated
 * as associated data, so a blob cannot be moved to another record unnoticed.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomFillSync,
} from "node:crypto"
import { CryptoError, InternalError, InvalidInputError } from "./errors.js"

const MAGIC = [0x4d, 0x4c, 0x53, 0x4b] // "MLSK"
const FORMAT_VERSION = 1
const NONCE_BYTES = 12
const TAG_BYTES = 16

/** What a sealed blob holds; part of the authenticated header. */
export const BlobKind = {
  GroupState: 1,
  SignatureKey: 2,
  KeyPackagePrivate: 3,
  Snapshot: 4,
  /** A group state with a staged commit beside it (see pending-commit.ts). */
  GroupStateWithPending: 5,
  /** A hosted identity's delivered message or event (`@mlskit/delivery`). */
  InboxEntry: 16,
} as const

/** One of the BlobKind values. */
export type BlobKind = (typeof BlobKind)[keyof typeof BlobKind]

/** The parsed, authenticated header of a sealed blob. */
export interface BlobHeader {
  formatVersion: number
  kind: BlobKind
  ciphersuiteId: number
  keyId: string
  tsMlsVersion: string
}

/** Seals and opens blobs under one 32-byte key. */
export interface AtRestCipher {
  /** Hex id of the key (HMAC-derived, safe to log). */
  readonly keyId: string
  seal(
    plaintext: Uint8Array,
    meta: { kind: BlobKind; ciphersuiteId: number; context: string },
  ): Uint8Array
  open(
    blob: Uint8Array,
    expect: { kind: BlobKind; context: string },
  ): { plaintext: Uint8Array; header: BlobHeader }
}

/** Parse a 32-byte key given as bytes, base64, base64url or hex. */
export function parseStateKey(key: Uint8Array | string): Uint8Array {
  let bytes: Uint8Array | undefined
  if (typeof key !== "string") bytes = new Uint8Array(key)
  else if (/^[0-9a-fA-F]{64}$/.test(key)) bytes = new Uint8Array(Buffer.from(key, "hex"))
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(key)) bytes = new Uint8Array(Buffer.from(key, "base64"))
  if (bytes?.length !== 32) {
    throw new InvalidInputError(
      "state key must be 32 bytes (64 hex characters or 43/44 base64 characters)",
    )
  }
  return bytes
}

/** Generate a fresh random 32-byte state key, base64url encoded. */
export function generateStateKey(): string {
  return randomBytes(32).toString("base64url")
}

/** Create an AES-256-GCM at-rest cipher; `tsMlsVersion` is recorded in every header. */
export function createAtRestCipher(key: Uint8Array | string, tsMlsVersion: string): AtRestCipher {
  const keyBytes = parseStateKey(key)
  const keyIdBytes = createHmac("sha256", keyBytes)
    .update("mlskit at-rest key id v1")
    .digest()
    .subarray(0, 4)
  const keyId = keyIdBytes.toString("hex")
  const version = Buffer.from(tsMlsVersion, "ascii")
  if (version.length > 255) throw new InvalidInputError("ts-mls version string too long")

  return {
    keyId,
    seal(plaintext, meta) {
      // One blob, written in place: header, nonce (random bytes straight into
      // it), ciphertext, tag. The blob is not zeroed first, every byte of it
      // is written below; its own ArrayBuffer, never a slice of Node's pool.
      const headerLength = 13 + version.length
      const bodyOffset = headerLength + NONCE_BYTES
      const length = bodyOffset + plaintext.length + TAG_BYTES
      const out = Buffer.allocUnsafeSlow(length)
      const blob = new Uint8Array(out.buffer, out.byteOffset, length)
      blob.set(MAGIC, 0)
      blob[4] = FORMAT_VERSION
      blob[5] = meta.kind
      blob[6] = (meta.ciphersuiteId >> 8) & 0xff
      blob[7] = meta.ciphersuiteId & 0xff
      blob.set(keyIdBytes, 8)
      blob[12] = version.length
      blob.set(version, 13)
      const nonce = blob.subarray(headerLength, bodyOffset)
      randomFillSync(nonce)
      const cipher = createCipheriv("aes-256-gcm", keyBytes, nonce)
      cipher.setAAD(
        Buffer.concat([blob.subarray(0, headerLength), Buffer.from(meta.context, "utf8")]),
      )
      // A group state is megabytes at 1000 members: node's output is copied
      // once, into the blob.
      const encrypted = cipher.update(plaintext)
      const rest = cipher.final()
      if (encrypted.length + rest.length !== plaintext.length)
        throw new InternalError("AES-GCM output length differs from its input's")
      blob.set(encrypted, bodyOffset)
      blob.set(rest, bodyOffset + encrypted.length)
      blob.set(cipher.getAuthTag(), length - TAG_BYTES)
      return blob
    },
    open(blob, expect) {
      const { header, headerLength } = readHeader(blob)
      if (header.kind !== expect.kind) throw new CryptoError("stored blob has an unexpected kind")
      if (header.keyId !== keyId) {
        throw new CryptoError(
          `stored data was sealed with another state key (key id ${header.keyId}, configured ${keyId})`,
        )
      }
      const nonce = blob.subarray(headerLength, headerLength + NONCE_BYTES)
      const body = blob.subarray(headerLength + NONCE_BYTES)
      if (body.length < TAG_BYTES) throw new CryptoError("stored blob is truncated")
      try {
        const decipher = createDecipheriv("aes-256-gcm", keyBytes, nonce)
        decipher.setAAD(
          Buffer.concat([blob.subarray(0, headerLength), Buffer.from(expect.context, "utf8")]),
        )
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
        const decrypted = decipher.update(body.subarray(0, body.length - TAG_BYTES))
        const rest = decipher.final()
        const plaintext = rest.length === 0 ? decrypted : Buffer.concat([decrypted, rest])
        // A plain Uint8Array view of node's output, not another copy of it.
        return {
          plaintext: new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.length),
          header,
        }
      } catch (cause) {
        throw new CryptoError(
          "stored blob failed authentication (corrupted or moved between records)",
          { cause },
        )
      }
    },
  }
}

/** Read the header of a sealed blob without decrypting it. */
export function readBlobHeader(blob: Uint8Array): BlobHeader {
  return readHeader(blob).header
}

function readHeader(blob: Uint8Array): { header: BlobHeader; headerLength: number } {
  if (blob.length < 13 || MAGIC.some((b, i) => blob[i] !== b)) {
    throw new CryptoError("stored blob is not in mlskit at-rest format")
  }
  const formatVersion = blob[4]!
  if (formatVersion !== FORMAT_VERSION) {
    throw new CryptoError(
      `stored blob has format version ${formatVersion}; this release reads ${FORMAT_VERSION}`,
    )
  }
  const kind = blob[5]! as BlobKind
  const ciphersuiteId = (blob[6]! << 8) | blob[7]!
  const keyId = Buffer.from(blob.subarray(8, 12)).toString("hex")
  const versionLength = blob[12]!
  const headerLength = 13 + versionLength
  if (blob.length < headerLength + NONCE_BYTES + TAG_BYTES)
    throw new CryptoError("stored blob is truncated")
  const tsMlsVersion = Buffer.from(blob.subarray(13, headerLength)).toString("ascii")
  return { header: { formatVersion, kind, ciphersuiteId, keyId, tsMlsVersion }, headerLength }
}
