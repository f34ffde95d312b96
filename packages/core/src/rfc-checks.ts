/**
 * RFC 9420 checks that ts-mls 1.6.4 skips and core adds on top of it, each
 * run before the state it guards is used or stored. The full audit (which
 * MUSTs ts-mls enforces, which these add, which remain) is in core's README.
 */
import type { KeyPackage, Proposal, RatchetTree, Welcome } from "ts-mls"
import { bytesEqual, toHex } from "./bytes.js"
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

/**
 * §12.2, for a commit by a member (not an external commit): the proposal
 * list is invalid if "it contains an ExternalInit proposal" or "a proposal
 * with a non-default proposal type that is not supported by some members of
 * the group that will process the Commit" (members the commit removes need
 * not support it); and by §12.1.2 and §7.3 an Update proposal's leaf must
 * carry "a different public key than the encryption_key in the leaf node
 * being replaced". ts-mls treats any commit with an ExternalInit as an
 * external one whoever sent it, skips proposals of other types unread, and
 * does not compare an Update's encryption key with the replaced leaf's.
 */
export function assertMemberCommitProposals(
  proposals: { proposal: Proposal; senderLeafIndex: number | undefined }[],
  tree: RatchetTree,
): void {
  const custom = new Set<number>()
  const removed = new Set<number>()
  for (const { proposal, senderLeafIndex } of proposals) {
    if (proposal.proposalType === "external_init")
      throw ruleBroken("a commit by a member contains an ExternalInit proposal")
    if (proposal.proposalType === "remove") removed.add(proposal.remove.removed)
    if (proposal.proposalType === "update" && senderLeafIndex !== undefined) {
      const replaced = tree[2 * senderLeafIndex]
      if (
        replaced?.nodeType === "leaf" &&
        bytesEqual(replaced.leaf.hpkePublicKey, proposal.update.leafNode.hpkePublicKey)
      )
        throw ruleBroken("an Update proposal keeps the encryption key of the leaf it replaces")
    }
    if (typeof proposal.proposalType === "number") custom.add(proposal.proposalType)
  }
  if (custom.size === 0) return
  for (let nodeIndex = 0; nodeIndex < tree.length; nodeIndex += 2) {
    const node = tree[nodeIndex]
    if (node?.nodeType !== "leaf" || removed.has(nodeIndex / 2)) continue
    for (const type of custom) {
      if (!node.leaf.capabilities.proposals.includes(type))
        throw ruleBroken(
          `the commit contains proposal type ${type}, which a member does not support`,
        )
    }
  }
}

function ruleBroken(message: string): Error {
  return new InvalidMessageError(`the commit is invalid: ${message}`, {
    reason: "protocol_violation",
  })
}

function keyReuse(context: "message" | "input", message: string): Error {
  return context === "message"
    ? ruleBroken(message)
    : new InvalidInputError(`the commit cannot be made: ${message}`)
}
