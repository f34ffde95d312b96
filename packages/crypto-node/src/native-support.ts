/**
 * Which primitives of a ciphersuite run on node:crypto, and which fall back
 * to another provider (ts-mls's default unless configured).
 */
import type { Ciphersuite } from "ts-mls"
import { isDhKem } from "./dhkem.js"
import { isNativeSignature } from "./signature.js"

/** Per primitive: true when node:crypto does the work for this suite. */
export interface NativePrimitives {
  readonly hash: boolean
  readonly kdf: boolean
  readonly aead: boolean
  readonly signature: boolean
  /** The HPKE KEM (seal, open, key derivation); message AEAD is `aead`. */
  readonly hpke: boolean
}

/** The primitives of `cs` that this provider runs on node:crypto. */
export function nativePrimitives(cs: Ciphersuite): NativePrimitives {
  return {
    hash: true,
    kdf: true,
    aead: true,
    signature: isNativeSignature(cs.signature),
    hpke: isDhKem(cs.hpke.kem),
  }
}

/** Whether every primitive of `cs` runs on node:crypto. */
export function isFullyNative(cs: Ciphersuite): boolean {
  const p = nativePrimitives(cs)
  return p.hash && p.kdf && p.aead && p.signature && p.hpke
}
