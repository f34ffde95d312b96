/**
 * The checks a key package published by an external identity passes before
 * core stores it. Core never holds that identity's keys, so it cannot make
 * the package itself; it makes sure that what it hands out to members who
 * add the identity is a well-formed, currently valid key package of that
 * identity, in the suite members use, signed by the key in its own leaf.
 * Undecodable bytes are InvalidMessageError (as for any key package core
 * reads); a package that decodes but breaks a rule is InvalidInputError.
 */
import { bytesEqual } from "./bytes.js"
import type { CiphersuiteName } from "./ciphersuites.js"
import { InvalidInputError, InvalidMessageError } from "./errors.js"
import * as mls from "./mls-adapter.js"

/** What an external key package is checked against. */
export interface ExternalKeyPackageRules {
  /** The identity's name: the basic credential's identity must be its UTF-8 bytes exactly. */
  identityName: string
  /** The suite the package must use (the client's configured one). */
  ciphersuite: CiphersuiteName
  /** Unix time in seconds that the package's lifetime must cover. */
  now: number
  /** Largest accepted size in bytes (core's message limit). */
  maxBytes: number
  /** The suite's implementation, for the reference hash and the signatures. */
  cs: mls.CiphersuiteImpl
  /** How messages name the package, such as "key package 2" (default "key package"). */
  label?: string
}

/** A key package that passed every check, with its hex reference. */
export interface CheckedKeyPackage {
  ref: string
  keyPackage: mls.KeyPackage
}

/**
 * Check one published key package (MLSMessage bytes, wire format
 * mls_key_package, nothing after it). Throws InvalidMessageError or
 * InvalidInputError naming `rules.label` for the first rule it breaks.
 */
export async function checkExternalKeyPackage(
  bytes: Uint8Array,
  rules: ExternalKeyPackageRules,
): Promise<CheckedKeyPackage> {
  const label = rules.label ?? "key package"
  if (!(bytes instanceof Uint8Array)) throw new InvalidInputError(`${label} must be a Uint8Array`)
  if (bytes.length === 0)
    throw new InvalidMessageError(`${label} is empty`, { reason: "malformed" })
  if (bytes.length > rules.maxBytes) {
    throw new InvalidInputError(`${label} is ${bytes.length} bytes; the limit is ${rules.maxBytes}`)
  }
  const kp = decodeKeyPackageMessage(bytes, label)
  checkContents(kp, rules, label)
  const signatures = await mls.keyPackageSignaturesValid(kp, rules.cs)
  if (!signatures.leafNode)
    throw new InvalidInputError(`${label}: the leaf node's signature does not verify`, {
      reason: "protocol_violation",
    })
  if (!signatures.keyPackage)
    throw new InvalidInputError(`${label}: the key package's signature does not verify`, {
      reason: "protocol_violation",
    })
  return { ref: await mls.keyPackageRef(kp, rules.cs), keyPackage: kp }
}

/** The key package inside an MLSMessage that decodes completely; InvalidMessageError otherwise. */
function decodeKeyPackageMessage(bytes: Uint8Array, label: string): mls.KeyPackage {
  const msg = mls.decodeMlsMessageExact(bytes)
  if (!msg)
    throw new InvalidMessageError(
      `${label} is not one MLSMessage (it does not decode, or bytes follow it)`,
      { reason: "malformed" },
    )
  if (msg.version !== "mls10")
    throw new InvalidMessageError(`${label} is not MLS 1.0`, { reason: "unsupported" })
  if (msg.wireformat !== "mls_key_package")
    throw new InvalidMessageError(`${label}: expected a key package, got ${msg.wireformat}`, {
      reason: "malformed",
    })
  return msg.keyPackage
}

/** The rules on the decoded fields (everything but the signatures). */
function checkContents(kp: mls.KeyPackage, rules: ExternalKeyPackageRules, label: string): void {
  if (kp.version !== "mls10")
    throw new InvalidInputError(`${label} is not for MLS 1.0`, { reason: "unsupported" })
  if (kp.cipherSuite !== rules.ciphersuite)
    throw new InvalidInputError(
      `${label} uses ${kp.cipherSuite}; this server's members use ${rules.ciphersuite}`,
      { reason: "ciphersuite_mismatch" },
    )
  const leaf = kp.leafNode
  const credential = leaf.credential
  if (credential.credentialType !== "basic")
    throw new InvalidInputError(`${label} must carry a basic credential`, {
      reason: "unsupported",
    })
  if (!bytesEqual(credential.identity, new TextEncoder().encode(rules.identityName)))
    throw new InvalidInputError(
      `${label}'s credential names another identity than ${JSON.stringify(rules.identityName)}`,
    )
  if (leaf.leafNodeSource !== "key_package")
    throw new InvalidInputError(`${label}'s leaf node is not from a key package`, {
      reason: "protocol_violation",
    })
  const now = BigInt(Math.floor(rules.now))
  if (leaf.lifetime.notBefore > now || now > leaf.lifetime.notAfter)
    throw new InvalidInputError(`${label} is expired or not yet valid`, {
      reason: "key_package_lifetime",
    })
  if (bytesEqual(kp.initKey, leaf.hpkePublicKey))
    throw new InvalidInputError(`${label}'s init key equals its leaf's encryption key`, {
      reason: "protocol_violation",
    })
}
