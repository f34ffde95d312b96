import { expect, it } from "vitest"
import { type CiphersuiteName, InMemoryStore, MlsClient } from "../src/index.js"
import { ciphersuiteNameFromId } from "../src/mls-adapter.js"
import { STATE_KEY } from "./helpers.js"
import { describeWithVectors, hex, readVectors } from "./vectors.js"

interface PassiveClientCase {
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

/**
 * A hang watchdog, not a timing check: the 200-epoch random case, reloaded
 * from the store before every message on ts-mls's default provider, takes
 * 50-70 s on two shared cores, close to vitest's 60 s default.
 */
const CASE_WATCHDOG_MS = 300_000

const FILES = [
  ["passive-client-welcome.json", 56],
  ["passive-client-handling-commit.json", 91],
  ["passive-client-random.json", 1],
] as const

/** Drive one case through core's public join/process API, reloading state from the store before every message. */
async function runCase(c: PassiveClientCase): Promise<void> {
  const store = new InMemoryStore()
  const psks = new Map(c.external_psks.map((p) => [p.psk_id, hex(p.psk)]))
  const fresh = () =>
    new MlsClient({
      store,
      stateKey: STATE_KEY,
      cacheSize: 0,
      externalPsks: (id) => psks.get(Buffer.from(id).toString("hex")),
    })
  const suite = ciphersuiteNameFromId(c.cipher_suite) as CiphersuiteName
  const kp = hex(c.key_package)
  const facts = await fresh().inspectKeyPackage(kp)
  expect(facts.ciphersuite).toBe(suite)
  const identity = await fresh().importIdentity({
    name: facts.identity || "vector",
    ciphersuite: suite,
    signaturePublicKey: facts.signaturePublicKey,
    signaturePrivateKey: hex(c.signature_priv),
  })
  await fresh().importKeyPackage(identity.id, kp, {
    initPrivateKey: hex(c.init_priv),
    hpkePrivateKey: hex(c.encryption_priv),
  })
  const group = await fresh().joinGroup(
    identity.id,
    hex(c.welcome),
    c.ratchet_tree === null ? undefined : hex(c.ratchet_tree),
  )
  expect(Buffer.from(await fresh().epochAuthenticator(group)).toString("hex")).toBe(
    c.initial_epoch_authenticator,
  )
  for (const [i, epoch] of c.epochs.entries()) {
    for (const proposal of epoch.proposals) {
      expect((await fresh().processMessage(group, hex(proposal))).kind).toBe("proposal")
    }
    const result = await fresh().processMessage(group, hex(epoch.commit))
    expect(result.kind, `epoch ${i}`).toBe("commit")
    expect(Buffer.from(await fresh().epochAuthenticator(group)).toString("hex"), `epoch ${i}`).toBe(
      epoch.epoch_authenticator,
    )
  }
}

describeWithVectors(
  "official passive-client vectors through join/process with store reloads",
  () => {
    for (const [file, expected] of FILES) {
      const cases = readVectors<PassiveClientCase[]>(file)
      it(`${file} has ${expected} cases`, () => {
        expect(cases).toHaveLength(expected)
      })
      cases.forEach((c, i) => {
        it(
          `${file} #${i} (suite ${c.cipher_suite}, ${c.epochs.length} epochs)`,
          async () => {
            await runCase(c)
          },
          CASE_WATCHDOG_MS,
        )
      })
    }
  },
)
