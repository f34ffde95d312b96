import { nodeCryptoProvider } from "@mlskit/crypto-node"
import * as mls from "ts-mls"

const suite = mls.getCiphersuiteFromName("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519")
const cs = await nodeCryptoProvider.getCiphersuiteImpl(suite) // use `cs` wherever ts-mls takes one
const text = (s: string) => new TextEncoder().encode(s)
const keys = (name: string) => {
  const credential = { credentialType: "basic" as const, identity: text(name) }
  return mls.generateKeyPackage(credential, mls.defaultCapabilities(), mls.defaultLifetime, [], cs)
}
const [alice, bob] = [await keys("alice"), await keys("bob")]
const group = await mls.createGroup(text("team"), alice.publicPackage, alice.privatePackage, [], cs)
const add = { proposalType: "add", add: { keyPackage: bob.publicPackage } } as const
const commit = await mls.createCommit({ state: group, cipherSuite: cs }, { extraProposals: [add] })
const { welcome, newState: aliceGroup } = commit
const { publicPackage: bobKp, privatePackage: bobKeys } = bob
const tree = aliceGroup.ratchetTree
const bobGroup = await mls.joinGroup(welcome!, bobKp, bobKeys, mls.emptyPskIndex, cs, tree)
const { privateMessage } = await mls.createApplicationMessage(aliceGroup, text("hello bob"), cs)
const got = await mls.processPrivateMessage(bobGroup, privateMessage, mls.emptyPskIndex, cs)
if (got.kind === "applicationMessage") console.log(new TextDecoder().decode(got.message))
