import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import { clientIdName, OPENMLS_EXPORTER_LABEL, OpenMlsMember } from "@mlskit/openmls-harness"

// An mlskit member, named by a client id core-crypto accepts.
const client = new MlsClient({
  store: new InMemoryStore(),
  stateKey: generateStateKey(),
  cryptoProvider: nodeCryptoProvider,
})
const alice = await client.createIdentity(clientIdName())
const mlsGroupId = new TextEncoder().encode("readme-group")
const group = await client.createGroup(alice.id, "readme", { mlsGroupId })

// An OpenMLS member joins by its key package and the Welcome.
const olivia = await OpenMlsMember.create("olivia")
const [keyPackage] = await olivia.keyPackages(1)
const { welcome } = await client.addMembers(group, [keyPackage!])
await olivia.join(welcome)

// Messages both ways.
const fromOpenMls = await olivia.encrypt(mlsGroupId, new TextEncoder().encode("hello mlskit"))
const received = await client.processMessage(group, fromOpenMls)
if (received.kind === "application") console.log(new TextDecoder().decode(received.plaintext))
const fromMlskit = await client.sendMessage(group, new TextEncoder().encode("hello OpenMLS"))
const decrypted = await olivia.decrypt(mlsGroupId, fromMlskit)
if (decrypted.kind === "application") console.log(new TextDecoder().decode(decrypted.plaintext))

// Both sides derive the same exporter secret in the same epoch.
const ours = await client.exportSecret(group, OPENMLS_EXPORTER_LABEL, new Uint8Array(), 32)
const theirs = await olivia.exportSecret(mlsGroupId, 32)
console.log(await olivia.epoch(mlsGroupId), Buffer.from(ours).equals(Buffer.from(theirs)))
