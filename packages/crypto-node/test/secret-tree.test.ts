/**
 * secret-tree.json: sender-data key and nonce, and every leaf's handshake and
 * application keys and nonces at the listed generations.
 */
import { defaultKeyRetentionConfig } from "ts-mls"
import { createSecretTree, ratchetToGeneration, type SecretTree } from "ts-mls/secretTree.js"
import { expandSenderDataKey, expandSenderDataNonce, type ReuseGuard } from "ts-mls/sender.js"
import { describe, expect, it } from "vitest"
import { nodeCryptoProvider } from "../src/index.js"
import { hex, loadVectors, suiteById, toHex, vectorTestsRun } from "./vectors.js"

interface Generation {
  generation: number
  handshake_key: string
  handshake_nonce: string
  application_key: string
  application_nonce: string
}

interface SecretTreeVector {
  cipher_suite: number
  encryption_secret: string
  sender_data: { sender_data_secret: string; ciphertext: string; key: string; nonce: string }
  leaves: Generation[][]
}

const vectors = loadVectors<SecretTreeVector>("secret-tree.json")
const noGuard = new Uint8Array(4) as ReuseGuard
const retention = { ...defaultKeyRetentionConfig, maximumForwardRatchetSteps: 2 ** 32 }

describe.skipIf(!vectorTestsRun)("secret-tree vectors", () => {
  it("has 21 cases", () => expect(vectors.length).toBe(21))

  it.each(vectors.map((v, i) => [i, v.cipher_suite, v.leaves.length, v] as const))(
    "case %i (suite %i, %i leaves) derives sender-data and leaf keys",
    async (_, suite, leafCount, v) => {
      const cs = await nodeCryptoProvider.getCiphersuiteImpl(suiteById(suite)!)
      const sd = v.sender_data
      const secret = hex(sd.sender_data_secret)
      expect(toHex(await expandSenderDataKey(cs, secret, hex(sd.ciphertext)))).toBe(sd.key)
      expect(toHex(await expandSenderDataNonce(cs, secret, hex(sd.ciphertext)))).toBe(sd.nonce)

      let tree: SecretTree = await createSecretTree(leafCount, hex(v.encryption_secret), cs.kdf)
      for (const [leafIndex, generations] of v.leaves.entries()) {
        for (const g of generations) {
          const sender = { leafIndex, generation: g.generation, reuseGuard: noGuard }
          const hs = await ratchetToGeneration(tree, sender, "commit", retention, cs)
          const app = await ratchetToGeneration(hs.newTree, sender, "application", retention, cs)
          tree = app.newTree
          expect([toHex(hs.key), toHex(hs.nonce), toHex(app.key), toHex(app.nonce)]).toEqual([
            g.handshake_key,
            g.handshake_nonce,
            g.application_key,
            g.application_nonce,
          ])
        }
      }
    },
  )
})
