/**
 * Translation of what ts-mls (or WebCrypto under it) throws into mlskit's
 * typed errors. ts-mls's own texts never reach the API: a known failure gets
 * mlskit's message and, where a client can act on it, a `reason`; an unknown
 * one a generic message by kind. The original error stays the `cause`, for
 * logs and debugging.
 */
import {
  CryptoError,
  InternalError,
  InvalidInputError,
  InvalidMessageError,
  MissingDependencyError,
  MlskitError,
  type RejectReason,
} from "./errors.js"

/** Whose fault a validation failure is: a received message's, the caller's arguments', or none (crypto setup). */
export type FailureContext = "message" | "input" | "crypto"

interface Known {
  message: string
  reason?: RejectReason
  /** A rule of RFC 9420 the sender broke: `protocol_violation` when it comes from a received message. */
  rule?: true
  /** The error class regardless of context (a received welcome's fault even where ts-mls says "usage"). */
  as?: "message" | "input"
}

const rule = (message: string): Known => ({ message, rule: true })

/** ts-mls 1.6.4's validation, codec and usage messages that core can meet, by exact text. */
const KNOWN = new Map<string, Known>([
  [
    "Desired gen in the past",
    {
      message: "the message's generation was already used (a duplicate) or its key was discarded",
      reason: "replayed",
    },
  ],
  [
    "Desired generation too far in the future",
    {
      message: "the message is more generations ahead than maxForwardRatchetSteps allows",
      reason: "too_far_ahead",
    },
  ],
  [
    "Cannot process message, epoch too old",
    { message: "the message is from an earlier epoch whose keys are gone", reason: "past_epoch" },
  ],
  [
    "Cannot process commit or proposal from former epoch",
    {
      message: "a commit or proposal from an earlier epoch cannot be applied",
      reason: "past_epoch",
    },
  ],
  ["Could not validate epoch", rule("the commit is not for the group's current epoch")],
  [
    "Current time not within Lifetime",
    { message: "a key package is expired or not yet valid", reason: "key_package_lifetime" },
  ],
  [
    "Could not find proposal with supplied reference",
    {
      message: "the commit covers a proposal this member has not processed",
      reason: "missing_proposal",
    },
  ],
  [
    "Could not find pskId referenced in proposal",
    { message: "a pre-shared key the message uses is not available" },
  ],
  [
    "Invalid CipherSuite",
    {
      message: "a key package's ciphersuite differs from the group's",
      reason: "ciphersuite_mismatch",
    },
  ],
  ["Invalid mls version", rule("a key package's protocol version differs from the group's")],
  [
    "cipher suite in the GroupInfo does not match the cipher_suite in the KeyPackage",
    {
      message: "the welcome's group uses another ciphersuite than the key package",
      reason: "ciphersuite_mismatch",
    },
  ],
  [
    "client does not support every extension in the GroupContext",
    {
      message: "the group uses an extension the key package does not support",
      reason: "unsupported",
      as: "message",
    },
  ],
  [
    "No RatchetTree passed and no ratchet_tree extension",
    {
      message: "the welcome has no ratchet_tree extension: pass the group's ratchet tree with it",
      reason: "ratchet_tree_required",
      as: "input",
    },
  ],
  [
    "No prior state passed for resumption",
    {
      message: "the welcome resumes an earlier group (resumption PSK), which is not supported",
      reason: "unsupported",
    },
  ],
  [
    "LeafNode does not support required capabilities",
    {
      message: "a member does not support the group's required capabilities",
      reason: "unsupported",
    },
  ],
  [
    "Not all members support required capabilities",
    {
      message: "not every member supports the proposed required capabilities",
      reason: "unsupported",
    },
  ],
  [
    "Commit contains add proposals of member without required capabilities",
    {
      message: "an added member does not support the required capabilities",
      reason: "unsupported",
    },
  ],
  [
    "Added leaf node that doesn't support extension in GroupContext",
    { message: "an added member does not support the group's extensions", reason: "unsupported" },
  ],
  [
    "LeafNode has credential that is not supported by member of the group",
    { message: "a credential type is not supported by every member", reason: "unsupported" },
  ],
  ["Could not validate credential", { message: "a credential was rejected" }],
  [
    "Could not validate external credential",
    { message: "an external sender's credential was rejected" },
  ],
  [
    "Commit cannot contain an Add proposal for someone already in the group",
    rule("an added key package belongs to a client already in the group"),
  ],
  [
    "Commit cannot contain multiple Add proposals that contain KeyPackages that represent the same client",
    rule("two added key packages belong to the same client"),
  ],
  [
    "Commit cannot contain an update proposal sent by committer",
    rule("the commit covers an update proposal by its own sender"),
  ],
  [
    "Commit cannot contain a remove proposal removing committer",
    rule("the commit removes its own sender"),
  ],
  [
    "Commit cannot contain multiple update and/or remove proposals that apply to the same leaf",
    rule("the commit updates or removes one member twice"),
  ],
  [
    "Commit cannot contain PreSharedKey proposals that reference the same PreSharedKeyID",
    rule("the commit uses one pre-shared key twice"),
  ],
  [
    "Commit cannot contain multiple GroupContextExtensions proposals",
    rule("the commit has more than one GroupContextExtensions proposal"),
  ],
  [
    "Reinit proposal needs to be commited by itself",
    rule("a ReInit proposal must be committed alone"),
  ],
  [
    "A ReInit proposal cannot use a version less than the version for the current group",
    rule("a ReInit proposal lowers the protocol version"),
  ],
  ["Invalid proposals", rule("the external commit covers proposals it must not")],
  [
    "Cannot contain more than one external_init proposal",
    rule("the commit has two ExternalInit proposals"),
  ],
  [
    "Cannot contain more than one remove proposal",
    rule("the external commit removes more than one member"),
  ],
  ["Tried to remove empty leaf node", rule("the commit removes an empty leaf")],
  ["Update path is required", rule("the commit lacks the update path its proposals require")],
  ["Commit contains no update path", rule("the commit lacks an update path")],
  ["Invalid length of UpdatePath", rule("the commit's update path has the wrong length")],
  [
    "Parent hash did not match the UpdatePath",
    rule("the commit's update path has a wrong parent hash"),
  ],
  [
    "Public key in the LeafNode is the same as the committer's current leaf node",
    rule("the commit's new leaf reuses the committer's current encryption key"),
  ],
  [
    "Public keys in the UpdatePath may not appear in a node of the new ratchet tree",
    rule("the commit's update path reuses a public key already in the tree"),
  ],
  ["hpke keys not unique", rule("two nodes of the ratchet tree share an encryption key")],
  ["signature keys not unique", rule("two members share a signature key")],
  ["Received Ratchet Tree is not structurally sound", rule("the ratchet tree is not well formed")],
  [
    "Unmerged leaf did not represent a non-blank descendant leaf node",
    rule("the ratchet tree lists an invalid unmerged leaf"),
  ],
  [
    "non-blank intermediate node must list leaf node in its unmerged_leaves",
    rule("the ratchet tree's unmerged leaves are inconsistent"),
  ],
  ["Unable to verify tree hash", rule("the ratchet tree does not match the group's tree hash")],
  ["Could not find signer leafNode", rule("the welcome's signer is not in the ratchet tree")],
  ["Expected non blank leaf node", rule("the welcome's signer leaf is blank")],
  [
    "Could not find own leaf when processing welcome",
    rule("the welcome's ratchet tree does not hold the key package's leaf"),
  ],
  ["No matching secret found", { message: "the welcome is not addressed to this key package" }],
  [
    "SenderData did not point to a non-blank leaf node",
    rule("the message's sender is not a member of the group"),
  ],
  [
    "Unable to find leafnode for leafIndex",
    rule("the message's sender is not a member of the group"),
  ],
  ["Reuse guard or nonce incorrect length", rule("the message's reuse guard is malformed")],
  [
    "Cannot have identicial init and encryption keys",
    rule("a key package reuses its init key as its encryption key"),
  ],
  [
    "LeafNode contains extension not listed in capabilities",
    rule("a leaf node has an extension its capabilities do not list"),
  ],
  [
    "Could not find common ancestor",
    rule("the welcome's path secret does not fit the ratchet tree"),
  ],
  [
    "Received external but no external_sender extension",
    rule("an external sender is not allowed in this group"),
  ],
  [
    "Cannot verify commit leaf node because no commiter leaf index found",
    rule("the commit has no committer"),
  ],
  [
    "Cannot send messages after being removed from group",
    { message: "the local member was removed from this group" },
  ],
  [
    "Cannot send application message with unapplied proposals",
    { message: "the group has received proposals that must be committed before sending" },
  ],
  [
    "Cannot send messages while Group is suspended pending reinit",
    { message: "the group is suspended pending reinitialisation" },
  ],
])

const CRYPTO_MESSAGES = new Map<string, string>([
  ["Could not verify confirmation tag", "the confirmation tag does not verify"],
  ["Could not verify membership", "the membership tag does not verify"],
  ["Signature invalid", "a signature does not verify"],
  ["Could not verify groupInfo signature", "the GroupInfo signature does not verify"],
  ["Could not verify groupInfo Signature", "the GroupInfo signature does not verify"],
  ["Unable to verify parent hash", "the ratchet tree's parent hashes do not verify"],
  ["Could not verify leaf node signature", "a leaf node signature does not verify"],
  ["Invalid keypackage signature", "a key package signature does not verify"],
])

/** The ts-mls texts this module translates (its tests check that ts-mls still throws each). */
export const TRANSLATED_TS_MLS_TEXTS: readonly string[] = [
  ...KNOWN.keys(),
  ...CRYPTO_MESSAGES.keys(),
]

/** Map anything ts-mls (or WebCrypto under it) throws to the taxonomy, without its text. */
export function mapMlsError(err: unknown, context: FailureContext): MlskitError {
  if (MlskitError.isInstance(err)) return err
  const name = err instanceof Error ? err.name : ""
  const text = err instanceof Error ? err.message : ""
  const cause = { cause: err }
  switch (name) {
    case "CryptoVerificationError":
    case "CryptoError":
    case "OperationError":
      return new CryptoError(
        `cryptographic check failed: ${CRYPTO_MESSAGES.get(text) ?? "decryption or verification failed"}`,
        cause,
      )
    case "DependencyError": {
      const pkg = /'([^']+)'/.exec(text)?.[1] ?? "unknown"
      return new MissingDependencyError(pkg, `the optional package ${pkg} is not installed`, cause)
    }
    case "ValidationError":
    case "CodecError":
    case "UsageError":
      return fromKnown(name, KNOWN.get(text), context, err)
    case "InternalError":
      return new InternalError("internal failure in the MLS library", cause)
    default:
      if (context === "message")
        return new InvalidMessageError("the message cannot be processed", cause)
      if (context === "crypto") return new CryptoError("a cryptographic operation failed", cause)
      return new InternalError("internal failure in the MLS library", cause)
  }
}

const GENERIC: Record<string, string> = {
  ValidationError: "MLS validation failed",
  CodecError: "the bytes do not decode",
  UsageError: "the operation is not allowed in the group's current state",
}

/** A ValidationError, CodecError or UsageError: a received message's fault or the caller's. */
function fromKnown(
  name: string,
  known: Known | undefined,
  context: FailureContext,
  err: unknown,
): MlskitError {
  const received = known?.as
    ? known.as === "message"
    : context === "message" && name !== "UsageError"
  let reason = known?.reason
  if (reason === undefined && name === "CodecError") reason = "malformed"
  if (reason === undefined && received && name === "ValidationError" && (!known || known.rule))
    reason = "protocol_violation"
  const message = known?.message ?? GENERIC[name] ?? "MLS validation failed"
  const options = reason === undefined ? { cause: err } : { cause: err, reason }
  return received
    ? new InvalidMessageError(message, options)
    : new InvalidInputError(message, options)
}
