/**
 * RFC 9420 checks that ts-mls 1.6.4 skips and core adds on top of it, each
 * run before the state it guards is used or stored. The full audit (which
 * MUSTs ts-mls enforces, which these add, which remain) is in core's README.
 */
import type { KeyPackage, RatchetTree, Welcome } from "ts-mls"
import { toHex } from "./bytes.js"
import { InvalidInputError, InvalidMessageError } from "./errors.js"

/**
 * §12.4.3.1: "If [...] the cipher suite indicated in the KeyPackage does not
 * match the one in the Welcome message, return an error." ts-mls decrypts
 * with the key package's suite and never reads the Welcome's `cipher_suite`.
 */
export function assertWelcomeMatchesKeyPackage(welcome: Welcome, keyPackage: KeyPackage): void {
  if (welcome.cipherSuite !== keyPackage.cipherSuite) {
    throw new InvalidMessageError("the welcome's ciphersuite differs from the key package's", {
      reason: "ciphersuite_mismatch",
    })
  }
}

/**
 * §7.3 (for every leaf an Add or a commit's UpdatePath brings in): the
 * encryption keys and signature keys of the members are unique; §12.4.2:
 * no public key of an UpdatePath appears in another node of the tree.
 * ts-mls compares a new leaf against neither the other leaves' encryption
 * keys nor (for an UpdatePath leaf) their signature keys, and an UpdatePath
 * node only against parent nodes, so a commit could give two nodes one key.
 * Checked over the whole tree after the commit: every non-blank node's
 * encryption key and every leaf's signature key occurs once.
 */
export function assertDistinctKeys(tree: RatchetTree, context: "message" | "input"): void {
  const encryptionKeys = new Set<string>()
  const signatureKeys = new Set<string>()
  for (const node of tree) {
    if (!node) continue
    const leaf = node.nodeType === "leaf" ? node.leaf : undefined
    const encryptionKey = toHex(
      node.nodeType === "leaf" ? node.leaf.hpkePublicKey : node.parent.hpkePublicKey,
    )
    if (encryptionKeys.has(encryptionKey))
      throw keyReuse(context, "two nodes of the ratchet tree would share an encryption key")
    encryptionKeys.add(encryptionKey)
    if (!leaf) continue
    const signatureKey = toHex(leaf.signaturePublicKey)
    if (signatureKeys.has(signatureKey))
      throw keyReuse(context, "two members of the group would share a signature key")
    signatureKeys.add(signatureKey)
  }
}

function keyReuse(context: "message" | "input", message: string): Error {
  return context === "message"
    ? new InvalidMessageError(`the commit is invalid: ${message}`, { reason: "protocol_violation" })
    : new InvalidInputError(`the commit cannot be made: ${message}`)
}
