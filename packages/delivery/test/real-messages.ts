/**
 * Messages made by a real two-member ts-mls group (alice adds bob, sends,
 * proposes, and makes two different commits for one epoch), encoded as
 * MLSMessages, for tests that must see what members really send.
 */
import {
  createApplicationMessage,
  createCommit,
  createGroup,
  createGroupInfoWithExternalPubAndRatchetTree,
  createProposal,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
} from "ts-mls"

/** The MLSMessages of a real group, with the facts a framing reader must find in them. */
export interface RealMessages {
  groupId: Uint8Array
  /** alice's commit adding bob (leaf 1), as a PublicMessage, for epoch 0. */
  publicAddCommit: Uint8Array
  /** The Welcome for bob. */
  welcome: Uint8Array
  /** bob's key package. */
  keyPackage: Uint8Array
  /** alice's application message at epoch 1 (PrivateMessage). */
  application: Uint8Array
  /** alice's remove proposal at epoch 1 (PublicMessage, sender leaf 0). */
  proposal: Uint8Array
  /** Two different commits by alice for epoch 1, as PrivateMessages. */
  privateCommits: [Uint8Array, Uint8Array]
  /** A GroupInfo at epoch 1. */
  groupInfo: Uint8Array
}

const utf8 = (text: string) => new TextEncoder().encode(text)

/** Run the group once and return its messages. */
export async function makeRealMessages(): Promise<RealMessages> {
  const cs = await getCiphersuiteImpl(
    getCiphersuiteFromName("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"),
  )
  const member = (name: string) =>
    generateKeyPackage(
      { credentialType: "basic", identity: utf8(name) },
      defaultCapabilities(),
      defaultLifetime,
      [],
      cs,
    )
  const alice = await member("alice")
  const bob = await member("bob")
  const groupId = utf8("a real group")
  const created = await createGroup(groupId, alice.publicPackage, alice.privatePackage, [], cs)
  const add = await createCommit(
    { state: created, cipherSuite: cs },
    {
      wireAsPublicMessage: true,
      ratchetTreeExtension: true,
      extraProposals: [{ proposalType: "add", add: { keyPackage: bob.publicPackage } }],
    },
  )
  if (add.welcome === undefined) throw new Error("adding bob made no Welcome")
  const epoch1 = add.newState
  const sent = await createApplicationMessage(epoch1, utf8("hello bob"), cs)
  const proposed = await createProposal(
    sent.newState,
    true,
    { proposalType: "remove", remove: { removed: 1 } },
    cs,
  )
  const commitA = await createCommit({ state: sent.newState, cipherSuite: cs }, {})
  const commitB = await createCommit({ state: sent.newState, cipherSuite: cs }, {})
  const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(epoch1, [], cs)
  return {
    groupId,
    publicAddCommit: encodeMlsMessage(add.commit),
    welcome: encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_welcome",
      welcome: add.welcome,
    }),
    keyPackage: encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_key_package",
      keyPackage: bob.publicPackage,
    }),
    application: encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_private_message",
      privateMessage: sent.privateMessage,
    }),
    proposal: encodeMlsMessage(proposed.message),
    privateCommits: [encodeMlsMessage(commitA.commit), encodeMlsMessage(commitB.commit)],
    groupInfo: encodeMlsMessage({ version: "mls10", wireformat: "mls_group_info", groupInfo }),
  }
}
