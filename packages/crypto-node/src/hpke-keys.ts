/**
 * The opaque HPKE key handles this provider gives ts-mls: a `KeyObject` with
 * its serialization, never shown by `console.log` or `JSON.stringify`.
 */
import type { KeyObject } from "node:crypto"
import type { PrivateKey, PublicKey } from "ts-mls"
import { cryptoError } from "./errors.js"

const inspect = Symbol.for("nodejs.util.inspect.custom")

/** An HPKE private key of one KEM. */
export class NodeHpkePrivateKey {
  readonly type = "private"
  readonly kemId: number
  readonly key: KeyObject
  #raw: Uint8Array | undefined
  #publicRaw: Uint8Array | undefined

  constructor(kemId: number, key: KeyObject, raw?: Uint8Array) {
    this.kemId = kemId
    this.key = key
    this.#raw = raw
  }

  /** The serialized private key, computed once by `exportRaw` when unknown. */
  raw(exportRaw: (key: KeyObject) => Uint8Array): Uint8Array {
    this.#raw ??= exportRaw(this.key)
    return this.#raw
  }

  /** The serialized public key, computed once by `exportPublic`. */
  publicRaw(exportPublic: (key: KeyObject) => Uint8Array): Uint8Array {
    this.#publicRaw ??= exportPublic(this.key)
    return this.#publicRaw
  }

  toJSON(): object {
    return { type: this.type, kemId: this.kemId }
  }

  [inspect](): string {
    return `NodeHpkePrivateKey { kemId: ${this.kemId} }`
  }
}

/** An HPKE public key of one KEM; the `KeyObject` is imported on first use. */
export class NodeHpkePublicKey {
  readonly type = "public"
  readonly kemId: number
  readonly raw: Uint8Array
  #key: KeyObject | undefined

  constructor(kemId: number, raw: Uint8Array, key?: KeyObject) {
    this.kemId = kemId
    this.raw = raw
    this.#key = key
  }

  /** The imported key, imported once by `importPublic`. */
  key(importPublic: (raw: Uint8Array) => KeyObject): KeyObject {
    this.#key ??= importPublic(this.raw)
    return this.#key
  }
}

/** Narrows a ts-mls private key to one of ours for `kemId`. */
export function asNodePrivateKey(key: PrivateKey, kemId: number): NodeHpkePrivateKey {
  const k: unknown = key
  if (k instanceof NodeHpkePrivateKey && k.kemId === kemId) return k
  throw cryptoError("HPKE private key was not imported by this provider for this suite")
}

/** Narrows a ts-mls public key to one of ours for `kemId`. */
export function asNodePublicKey(key: PublicKey, kemId: number): NodeHpkePublicKey {
  const k: unknown = key
  if (k instanceof NodeHpkePublicKey && k.kemId === kemId) return k
  throw cryptoError("HPKE public key was not imported by this provider for this suite")
}

/** Presents our handle as the ts-mls `PrivateKey` type (ts-mls treats it as opaque). */
export function toPrivateKey(key: NodeHpkePrivateKey): PrivateKey {
  return key as unknown as PrivateKey
}

/** Presents our handle as the ts-mls `PublicKey` type (ts-mls treats it as opaque). */
export function toPublicKey(key: NodeHpkePublicKey): PublicKey {
  return key as unknown as PublicKey
}
