// Runs the core quick start against the built package (until the reference server exists).
import { InMemoryStore, MlsClient, generateStateKey } from "../packages/core/dist/index.js"

const client = new MlsClient({ store: new InMemoryStore(), stateKey: generateStateKey() })
const alice = await client.createIdentity("alice")
const bob = await client.createIdentity("bob")
const aliceGroup = await client.createGroup(alice.id, "team")
const { welcome } = await client.addMembers(aliceGroup, await client.generateKeyPackages(bob.id, 1))
const bobGroup = await client.joinGroup(bob.id, welcome)
const received = await client.processMessage(
  bobGroup,
  await client.sendMessage(aliceGroup, new TextEncoder().encode("hi bob")),
)
if (received.kind === "application") {
  console.log(`${received.sender.identity}: ${new TextDecoder().decode(received.plaintext)}`)
}
