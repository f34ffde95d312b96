/**
 * The passive-client vectors (welcome, handling-commit, random): join from a
 * Welcome with the given private keys, apply each epoch's proposals and
 * commit through ts-mls with this provider, and match every epoch
 * authenticator.
 */
import {
  type CiphersuiteImpl,
  type ClientState,
  decodeMlsMessage,
  joinGroup,
  makePskIndex,
  type PrivateKeyPackage,
  processPrivateMessage,
  processPublicMessage,
} from "ts-mls"
import { decodeRatchetTree } from "ts-mls/ratchetTree.js"
import { describe, expect, it } from "vitest"
import { nodeCryptoProvider } from "../src/index.js"
import { hex, loadVectors, suiteById, toHex, vectorTestsRun } from "./vectors.js"

interface PassiveClient {
  cipher_suite: number
  external_psks: { psk_id: string; psk: string }[]
  key_package: string
  signature_priv: string
  encryption_priv: string
  init_priv: string
  welcome: string
  ratchet_tree: string | null
  initial_epoch_authenticator: string
  epochs: { proposals: string[]; commit: string; epoch_authenticator: string }[]
}

const files = [
  ["passive-client-welcome.json", 56],
  ["passive-client-handling-commit.json", 91],
  ["passive-client-random.json", 1],
] as const

describe.skipIf(!vectorTestsRun).each(files)("%s", (file, count) => {
  const vectors = loadVectors<PassiveClient>(file)

  it(`has ${count} cases, all in suites ts-mls supports`, () => {
    expect(vectors.length).toBe(count)
    expect(vectors.every((v) => suiteById(v.cipher_suite) !== undefined)).toBe(true)
  })

  it.each(vectors.map((v, i) => [i, v.cipher_suite, v] as const))(
    "case %i (suite %i) reproduces every epoch authenticator",
    async (_, suite, v) => {
      const impl = await nodeCryptoProvider.getCiphersuiteImpl(suiteById(suite)!)
      const authenticators = await replay(v, impl)
      expect(authenticators).toEqual([
        v.initial_epoch_authenticator,
        ...v.epochs.map((e) => e.epoch_authenticator),
      ])
    },
  )
})

/** Joins and applies every epoch; returns the epoch authenticators seen, in hex. */
async function replay(v: PassiveClient, impl: CiphersuiteImpl): Promise<string[]> {
  const keyPackage = decodeMlsMessage(hex(v.key_package), 0)?.[0]
  const welcome = decodeMlsMessage(hex(v.welcome), 0)?.[0]
  if (keyPackage?.wireformat !== "mls_key_package") throw new Error("bad key_package")
  if (welcome?.wireformat !== "mls_welcome") throw new Error("bad welcome")
  const privateKeys: PrivateKeyPackage = {
    hpkePrivateKey: hex(v.encryption_priv),
    initPrivateKey: hex(v.init_priv),
    signaturePrivateKey: hex(v.signature_priv),
  }
  const tree = v.ratchet_tree === null ? undefined : decodeRatchetTree(hex(v.ratchet_tree), 0)?.[0]
  const psks = Object.fromEntries(
    v.external_psks.map((p) => [Buffer.from(hex(p.psk_id)).toString("base64"), hex(p.psk)]),
  )
  let state = await joinGroup(
    welcome.welcome,
    keyPackage.keyPackage,
    privateKeys,
    makePskIndex(undefined, psks),
    impl,
    tree,
  )
  const seen = [toHex(state.keySchedule.epochAuthenticator)]
  for (const epoch of v.epochs) {
    for (const proposal of epoch.proposals) state = await apply(state, proposal, psks, impl)
    state = await apply(state, epoch.commit, psks, impl)
    seen.push(toHex(state.keySchedule.epochAuthenticator))
  }
  return seen
}

async function apply(
  state: ClientState,
  messageHex: string,
  psks: Record<string, Uint8Array>,
  impl: CiphersuiteImpl,
): Promise<ClientState> {
  const message = decodeMlsMessage(hex(messageHex), 0)?.[0]
  const pskIndex = makePskIndex(state, psks)
  if (message?.wireformat === "mls_private_message") {
    return (await processPrivateMessage(state, message.privateMessage, pskIndex, impl)).newState
  }
  if (message?.wireformat === "mls_public_message") {
    return (await processPublicMessage(state, message.publicMessage, pskIndex, impl)).newState
  }
  throw new Error("expected a public or private message")
}
