/**
 * Framing-valid MLSMessages for log tests, encoded by ts-mls's own encoder:
 * real wire format with pseudo-random signatures, tags and ciphertext. The
 * log cannot tell them from members' messages (it has no keys), and they
 * cost no cryptography, so tests can make thousands. `seed` makes bytes
 * distinct: the same arguments always give the same bytes.
 */
import { type ContentTypeName, encodeMlsMessage, type FramedContent, type Sender } from "ts-mls"

/** A group id for tests: `n` spelled into 16 bytes. */
export function testGroupId(n: number): Uint8Array {
  const out = new Uint8Array(16)
  new DataView(out.buffer).setUint32(12, n)
  out.set([0x67, 0x72, 0x6f, 0x75, 0x70]) // "group"
  return out
}

/** Deterministic pseudo-random bytes from `seed`. */
export function seededBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let x = Math.imul(seed + 1, 2654435761) >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/** A PrivateMessage of `groupId` at `epoch` with `contentType`; its "ciphertext" derives from `seed`. */
export function privateMessage(
  groupId: Uint8Array,
  epoch: number,
  contentType: ContentTypeName,
  seed = 0,
): Uint8Array {
  return encodeMlsMessage({
    version: "mls10",
    wireformat: "mls_private_message",
    privateMessage: {
      groupId,
      epoch: BigInt(epoch),
      contentType,
      authenticatedData: new Uint8Array(),
      encryptedSenderData: seededBytes(seed * 2 + 1, 28),
      ciphertext: seededBytes(seed * 2, 64),
    },
  })
}

/** A PublicMessage of `groupId` at `epoch` with `contentType` from `sender` (default: the member at leaf 0). */
export function publicMessage(
  groupId: Uint8Array,
  epoch: number,
  contentType: ContentTypeName,
  seed = 0,
  sender: Sender = { senderType: "member", leafIndex: 0 },
): Uint8Array {
  const data = {
    groupId,
    epoch: BigInt(epoch),
    sender,
    authenticatedData: seededBytes(seed, 8),
  }
  const content: FramedContent =
    contentType === "commit"
      ? { ...data, contentType, commit: { proposals: [], path: undefined } }
      : contentType === "proposal"
        ? { ...data, contentType, proposal: { proposalType: "remove", remove: { removed: 1 } } }
        : { ...data, contentType, applicationData: seededBytes(seed, 16) }
  const signature = seededBytes(seed + 7, 64)
  const auth =
    content.contentType === "commit"
      ? { contentType: "commit" as const, signature, confirmationTag: seededBytes(seed + 9, 32) }
      : { contentType: content.contentType, signature }
  const info =
    sender.senderType === "member"
      ? { senderType: "member" as const, membershipTag: seededBytes(seed + 11, 32) }
      : { senderType: sender.senderType }
  return encodeMlsMessage({
    version: "mls10",
    wireformat: "mls_public_message",
    publicMessage: { content, auth, ...info },
  })
}

/** A commit of `groupId` for `epoch`, as a PrivateMessage (`public: true` for a PublicMessage). */
export function commitMessage(
  groupId: Uint8Array,
  epoch: number,
  seed = 0,
  options: { public?: boolean } = {},
): Uint8Array {
  return options.public === true
    ? publicMessage(groupId, epoch, "commit", seed)
    : privateMessage(groupId, epoch, "commit", seed)
}

/** An application message of `groupId` at `epoch` (a PrivateMessage, as members send them). */
export function applicationMessage(groupId: Uint8Array, epoch: number, seed = 0): Uint8Array {
  return privateMessage(groupId, epoch, "application", seed)
}

/** A proposal of `groupId` at `epoch`, as a PublicMessage. */
export function proposalMessage(groupId: Uint8Array, epoch: number, seed = 0): Uint8Array {
  return publicMessage(groupId, epoch, "proposal", seed)
}

/** A framing-valid Welcome (no real secrets): what a group log must refuse. */
export function welcomeMessage(seed = 0): Uint8Array {
  return encodeMlsMessage({
    version: "mls10",
    wireformat: "mls_welcome",
    welcome: {
      cipherSuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
      secrets: [],
      encryptedGroupInfo: seededBytes(seed, 48),
    },
  })
}
