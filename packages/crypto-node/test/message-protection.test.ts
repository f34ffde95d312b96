/**
 * message-protection.json: unprotect the given PublicMessage and
 * PrivateMessage framings of a proposal, a commit and application data, and
 * protect then unprotect our own.
 */
import {
  type CiphersuiteImpl,
  decodeMlsMessage,
  defaultKeyRetentionConfig,
  defaultPaddingConfig,
  type GroupContext,
} from "ts-mls"
import type { AuthenticatedContent } from "ts-mls/authenticatedContent.js"
import { encodeCommit } from "ts-mls/commit.js"
import {
  protectApplicationData,
  protectProposal,
  unprotectPrivateMessage,
} from "ts-mls/messageProtection.js"
import { protectProposalPublic, unprotectPublicMessage } from "ts-mls/messageProtectionPublic.js"
import { decodeProposal, encodeProposal } from "ts-mls/proposal.js"
import { createSecretTree } from "ts-mls/secretTree.js"
import { describe, expect, it } from "vitest"
import { nodeCryptoProvider } from "../src/index.js"
import { hex, loadVectors, suiteById, toHex, vectorTestsRun } from "./vectors.js"

interface MessageProtection {
  cipher_suite: number
  group_id: string
  epoch: number
  tree_hash: string
  confirmed_transcript_hash: string
  signature_priv: string
  signature_pub: string
  encryption_secret: string
  sender_data_secret: string
  membership_key: string
  proposal: string
  proposal_priv: string
  proposal_pub: string
  commit: string
  commit_priv: string
  commit_pub: string
  application: string
  application_priv: string
}

const vectors = loadVectors<MessageProtection>("message-protection.json")

describe.skipIf(!vectorTestsRun)("message-protection vectors", () => {
  it("has 7 cases", () => expect(vectors.length).toBe(7))

  describe.each(vectors.map((v) => [v.cipher_suite, v] as const))("suite %i", (suite, v) => {
    const setup = async () => {
      const cs = await nodeCryptoProvider.getCiphersuiteImpl(suiteById(suite)!)
      const context: GroupContext = {
        version: "mls10",
        cipherSuite: cs.name,
        groupId: hex(v.group_id),
        epoch: BigInt(v.epoch),
        treeHash: hex(v.tree_hash),
        confirmedTranscriptHash: hex(v.confirmed_transcript_hash),
        extensions: [],
      }
      return {
        cs,
        context,
        secretTree: await createSecretTree(2, hex(v.encryption_secret), cs.kdf),
      }
    }

    it("unprotects the given public proposal and commit", async () => {
      const { cs, context } = await setup()
      const proposal = await openPublic(v.proposal_pub, v, context, cs)
      const commit = await openPublic(v.commit_pub, v, context, cs)
      expect(contentHex(proposal)).toBe(v.proposal)
      expect(contentHex(commit)).toBe(v.commit)
    })

    it("unprotects the given private proposal, commit and application data", async () => {
      const { cs, context, secretTree } = await setup()
      const opened: string[] = []
      for (const message of [v.proposal_priv, v.commit_priv, v.application_priv]) {
        const decoded = decodeMlsMessage(hex(message), 0)?.[0]
        if (decoded?.wireformat !== "mls_private_message") throw new Error("not a PrivateMessage")
        const { content } = await unprotectPrivateMessage(
          hex(v.sender_data_secret),
          decoded.privateMessage,
          secretTree,
          [],
          context,
          defaultKeyRetentionConfig,
          cs,
          hex(v.signature_pub),
        )
        opened.push(contentHex(content))
      }
      expect(opened).toEqual([v.proposal, v.commit, v.application])
    })

    it("protects a proposal and application data that unprotect again", async () => {
      const { cs, context, secretTree } = await setup()
      const proposal = decodeProposal(hex(v.proposal), 0)![0]
      const signKey = hex(v.signature_priv)
      const sds = hex(v.sender_data_secret)
      const pub = await protectProposalPublic(
        signKey,
        hex(v.membership_key),
        context,
        new Uint8Array(0),
        proposal,
        1,
        cs,
      )
      const viaPublic = await unprotectPublicMessage(
        hex(v.membership_key),
        context,
        [],
        pub.publicMessage,
        cs,
        hex(v.signature_pub),
      )
      const p = await protectProposal(
        signKey,
        sds,
        proposal,
        new Uint8Array(0),
        context,
        secretTree,
        1,
        defaultPaddingConfig,
        cs,
      )
      const a = await protectApplicationData(
        signKey,
        sds,
        hex(v.application),
        new Uint8Array(0),
        context,
        p.newSecretTree,
        1,
        defaultPaddingConfig,
        cs,
      )
      const opened = []
      let receiverTree = secretTree
      for (const message of [p.privateMessage, a.privateMessage]) {
        const r = await unprotectPrivateMessage(
          sds,
          message,
          receiverTree,
          [],
          context,
          defaultKeyRetentionConfig,
          cs,
          hex(v.signature_pub),
        )
        receiverTree = r.tree
        opened.push(contentHex(r.content))
      }
      expect([contentHex(viaPublic), ...opened]).toEqual([v.proposal, v.proposal, v.application])
    })
  })
})

async function openPublic(
  message: string,
  v: MessageProtection,
  context: GroupContext,
  cs: CiphersuiteImpl,
): Promise<AuthenticatedContent> {
  const decoded = decodeMlsMessage(hex(message), 0)?.[0]
  if (decoded?.wireformat !== "mls_public_message") throw new Error("not a PublicMessage")
  return unprotectPublicMessage(
    hex(v.membership_key),
    context,
    [],
    decoded.publicMessage,
    cs,
    hex(v.signature_pub),
  )
}

function contentHex({ content }: AuthenticatedContent): string {
  switch (content.contentType) {
    case "proposal":
      return toHex(encodeProposal(content.proposal))
    case "commit":
      return toHex(encodeCommit(content.commit))
    case "application":
      return toHex(content.applicationData)
  }
}
