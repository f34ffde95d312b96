import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"

const client = new MlsClient({ store: new InMemoryStore(), stateKey: generateStateKey() })
const alice = await client.createIdentity("alice")
const bob = await client.createIdentity("bob")

const aliceGroup = await client.createGroup(alice.id, "team")
const bobKeyPackages = await client.generateKeyPackages(bob.id, 1)
const { welcome } = await client.addMembers(aliceGroup, bobKeyPackages)
const bobGroup = await client.joinGroup(bob.id, welcome)

const ciphertext = await client.sendMessage(aliceGroup, new TextEncoder().encode("hi bob"))
const received = await client.processMessage(bobGroup, ciphertext)
if (received.kind === "application") {
  console.log(`${received.sender.identity}: ${new TextDecoder().decode(received.plaintext)}`)
}
