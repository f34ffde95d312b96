/**
 * key-schedule.json: every epoch secret, the external public key and an
 * exporter output, chained through the epochs' init secrets.
 */
import { type GroupContext, mlsExporter } from "ts-mls"
import { encodeGroupContext } from "ts-mls/groupContext.js"
import { initializeEpoch } from "ts-mls/keySchedule.js"
import { describe, expect, it } from "vitest"
import { nodeCryptoProvider } from "../src/index.js"
import { hex, loadVectors, suiteById, toHex, vectorTestsRun } from "./vectors.js"

interface Epoch {
  tree_hash: string
  commit_secret: string
  psk_secret: string
  confirmed_transcript_hash: string
  group_context: string
  joiner_secret: string
  welcome_secret: string
  init_secret: string
  sender_data_secret: string
  encryption_secret: string
  exporter_secret: string
  epoch_authenticator: string
  external_secret: string
  confirmation_key: string
  membership_key: string
  resumption_psk: string
  external_pub: string
  exporter: { label: string; context: string; length: number; secret: string }
}

interface KeyScheduleVector {
  cipher_suite: number
  group_id: string
  initial_init_secret: string
  epochs: Epoch[]
}

const vectors = loadVectors<KeyScheduleVector>("key-schedule.json")

describe.skipIf(!vectorTestsRun)("key-schedule vectors", () => {
  it("has 7 cases", () => expect(vectors.length).toBe(7))

  it.each(vectors.map((v) => [v.cipher_suite, v.epochs.length, v] as const))(
    "suite %i derives all secrets over %i epochs",
    async (suite, _, v) => {
      const cs = await nodeCryptoProvider.getCiphersuiteImpl(suiteById(suite)!)
      let initSecret = hex(v.initial_init_secret)
      for (const [index, e] of v.epochs.entries()) {
        const context: GroupContext = {
          version: "mls10",
          cipherSuite: cs.name,
          groupId: hex(v.group_id),
          epoch: BigInt(index),
          treeHash: hex(e.tree_hash),
          confirmedTranscriptHash: hex(e.confirmed_transcript_hash),
          extensions: [],
        }
        expect(toHex(encodeGroupContext(context))).toBe(e.group_context)
        const secrets = await initializeEpoch(
          initSecret,
          hex(e.commit_secret),
          context,
          hex(e.psk_secret),
          cs.kdf,
        )
        const ks = secrets.keySchedule
        const external = await cs.hpke.deriveKeyPair(ks.externalSecret)
        const exported = await mlsExporter(
          ks.exporterSecret,
          e.exporter.label,
          hex(e.exporter.context),
          e.exporter.length,
          cs,
        )
        expect({
          joiner_secret: toHex(secrets.joinerSecret),
          welcome_secret: toHex(secrets.welcomeSecret),
          init_secret: toHex(ks.initSecret),
          sender_data_secret: toHex(ks.senderDataSecret),
          encryption_secret: toHex(secrets.encryptionSecret),
          exporter_secret: toHex(ks.exporterSecret),
          epoch_authenticator: toHex(ks.epochAuthenticator),
          external_secret: toHex(ks.externalSecret),
          confirmation_key: toHex(ks.confirmationKey),
          membership_key: toHex(ks.membershipKey),
          resumption_psk: toHex(ks.resumptionPsk),
          external_pub: toHex(await cs.hpke.exportPublicKey(external.publicKey)),
          exporter: toHex(exported),
        }).toEqual({
          joiner_secret: e.joiner_secret,
          welcome_secret: e.welcome_secret,
          init_secret: e.init_secret,
          sender_data_secret: e.sender_data_secret,
          encryption_secret: e.encryption_secret,
          exporter_secret: e.exporter_secret,
          epoch_authenticator: e.epoch_authenticator,
          external_secret: e.external_secret,
          confirmation_key: e.confirmation_key,
          membership_key: e.membership_key,
          resumption_psk: e.resumption_psk,
          external_pub: e.external_pub,
          exporter: e.exporter.secret,
        })
        initSecret = ks.initSecret
      }
    },
  )
})
