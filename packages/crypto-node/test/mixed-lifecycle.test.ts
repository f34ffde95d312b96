/**
 * One group whose members use different providers (ts-mls's default and
 * crypto-node) goes through create, add, messages both ways, update and
 * remove; everyone must agree on every epoch.
 */
import {
  acceptAll,
  type CiphersuiteImpl,
  type CiphersuiteName,
  type ClientState,
  type CryptoProvider,
  createApplicationMessage,
  createCommit,
  createGroup,
  defaultCapabilities,
  defaultCryptoProvider,
  defaultLifetime,
  emptyPskIndex,
  generateKeyPackage,
  getCiphersuiteFromName,
  joinGroup,
  type KeyPackage,
  type MLSMessage,
  makePskIndex,
  type PrivateKeyPackage,
  type Proposal,
  processMessage,
} from "ts-mls"
import { describe, expect, it } from "vitest"
import { isFullyNative, nodeCryptoProvider } from "../src/index.js"

interface Member {
  name: string
  impl: CiphersuiteImpl
  state?: ClientState
  keyPackage: KeyPackage
  privateKeys: PrivateKeyPackage
}

const suites: CiphersuiteName[] = [
  "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
  "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
  "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
  "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
  "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
  "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448",
  "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
  "MLS_128_MLKEM512_AES128GCM_SHA256_Ed25519",
  "MLS_256_XWING_CHACHA20POLY1305_SHA512_MLDSA87",
]

describe.each(suites)("a mixed-provider group in %s", (suite) => {
  it("agrees on every epoch through create, add, messages, update and remove", async () => {
    const cs = getCiphersuiteFromName(suite)
    const alice = await member("alice", nodeCryptoProvider, suite)
    const bob = await member("bob", defaultCryptoProvider, suite)
    const carol = await member("carol", nodeCryptoProvider, suite)
    const dave = await member("dave", defaultCryptoProvider, suite)
    const group = [alice, bob, carol, dave]

    alice.state = await createGroup(
      new TextEncoder().encode(`group ${suite}`),
      alice.keyPackage,
      alice.privateKeys,
      [],
      alice.impl,
    )
    await commit(alice, group, [add(bob)]) // node commits, default joins
    await commit(bob, group, [add(carol), add(dave)]) // default commits, node and default join
    expectAgreement(group, 2n)

    await everyoneMessagesEveryone(group)
    await commit(carol, group, []) // node update (full path)
    await commit(dave, group, []) // default update (full path)
    await everyoneMessagesEveryone(group)
    expectAgreement(group, 4n)

    await commit(dave, group, [remove(alice)]) // default removes a node member
    const rest = [bob, carol, dave]
    await commit(carol, rest, [remove(bob)]) // node removes a default member
    const pair = [carol, dave]
    await everyoneMessagesEveryone(pair)
    expectAgreement(pair, 6n)
    expect(isFullyNative(cs)).toBe(cs.hpke.kem.startsWith("DHKEM"))
  })
})

async function member(name: string, provider: CryptoProvider, suite: CiphersuiteName) {
  const impl = await provider.getCiphersuiteImpl(getCiphersuiteFromName(suite))
  const credential = { credentialType: "basic" as const, identity: new TextEncoder().encode(name) }
  const kp = await generateKeyPackage(credential, defaultCapabilities(), defaultLifetime, [], impl)
  return { name, impl, keyPackage: kp.publicPackage, privateKeys: kp.privatePackage } as Member
}

function add(m: Member): Proposal {
  return { proposalType: "add", add: { keyPackage: m.keyPackage } }
}

function remove(m: Member): Proposal {
  return { proposalType: "remove", remove: { removed: m.state!.privatePath.leafIndex } }
}

/** `committer` commits `proposals`; current members process it and added members join. */
async function commit(committer: Member, group: Member[], proposals: Proposal[]): Promise<void> {
  const result = await createCommit(
    { state: committer.state!, cipherSuite: committer.impl },
    { extraProposals: proposals, ratchetTreeExtension: true },
  )
  const removed = new Set(
    proposals.flatMap((p) => (p.proposalType === "remove" ? [p.remove.removed] : [])),
  )
  const added = new Set(
    proposals.flatMap((p) => (p.proposalType === "add" ? [p.add.keyPackage] : [])),
  )
  for (const m of group) {
    if (m === committer) continue
    if (added.has(m.keyPackage)) {
      m.state = await joinGroup(result.welcome!, m.keyPackage, m.privateKeys, emptyPskIndex, m.impl)
    } else if (m.state !== undefined) {
      const leaf = m.state.privatePath.leafIndex
      const r = await deliver(m, result.commit)
      m.state = removed.has(leaf) ? undefined : r.newState
    }
  }
  committer.state = result.newState
}

async function deliver(m: Member, message: MLSMessage) {
  if (message.wireformat !== "mls_private_message" && message.wireformat !== "mls_public_message") {
    throw new Error("expected a framed message")
  }
  return processMessage(message, m.state!, makePskIndex(m.state, {}), acceptAll, m.impl)
}

async function everyoneMessagesEveryone(group: Member[]): Promise<void> {
  for (const sender of group) {
    const text = new TextEncoder().encode(`hello from ${sender.name}`)
    const sent = await createApplicationMessage(sender.state!, text, sender.impl)
    sender.state = sent.newState
    const message: MLSMessage = {
      version: "mls10",
      wireformat: "mls_private_message",
      privateMessage: sent.privateMessage,
    }
    for (const receiver of group) {
      if (receiver === sender) continue
      const r = await deliver(receiver, message)
      expect(r.kind).toBe("applicationMessage")
      if (r.kind === "applicationMessage") expect(r.message).toEqual(text)
      receiver.state = r.newState
    }
  }
}

function expectAgreement(group: Member[], epoch: bigint): void {
  const views = group.map((m) => ({
    epoch: m.state!.groupContext.epoch,
    authenticator: Buffer.from(m.state!.keySchedule.epochAuthenticator).toString("hex"),
  }))
  expect(views.every((v) => v.epoch === epoch)).toBe(true)
  expect(new Set(views.map((v) => v.authenticator)).size).toBe(1)
}
