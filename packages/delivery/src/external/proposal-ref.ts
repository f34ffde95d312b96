/**
 * The ProposalRef of a PublicMessage proposal (RFC 9420 section 5.2):
 * RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent) with the
 * suite's hash. AuthenticatedContent is wire_format || FramedContent ||
 * FramedContentAuthData, which is exactly the MLSMessage bytes after the
 * 2-byte version, less the trailing membership tag of a member's message.
 * Hashing those bytes as sent (rather than a re-encoding) gives the ref the
 * committer computed even for content a decoder does not round-trip.
 */
import type { PublicMessage } from "ts-mls"
import { refhash } from "ts-mls/crypto/hash.js"
import { suiteHash } from "./suite-hash.js"

const VERSION_BYTES = 2
const PROPOSAL_REF_LABEL = "MLS 1.0 Proposal Reference"

/** The ProposalRef of `bytes`, an MLSMessage holding the already decoded PublicMessage `message`. */
export function proposalRef(
  suite: number,
  bytes: Uint8Array,
  message: PublicMessage,
): Promise<Uint8Array> {
  const tagBytes =
    message.senderType === "member"
      ? varintSize(message.membershipTag.length) + message.membershipTag.length
      : 0
  const authenticatedContent = bytes.subarray(VERSION_BYTES, bytes.length - tagBytes)
  return refhash(PROPOSAL_REF_LABEL, authenticatedContent, suiteHash(suite))
}

/** The size of an MLS variable-length integer (RFC 9420 section 2.1.2) holding `value`. */
function varintSize(value: number): number {
  if (value < 0x40) return 1
  if (value < 0x4000) return 2
  return 4
}
