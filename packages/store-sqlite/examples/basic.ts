import { generateStateKey, MlsClient } from "@mlskit/core"
import { openSqliteStore } from "@mlskit/store-sqlite"

const stateKey = generateStateKey() // keep it secret and stable: it seals every secret at rest
const store = await openSqliteStore({ path: "data/mlskit.db" })
const client = new MlsClient({ store, stateKey })
const alice = await client.createIdentity("alice")
const groupId = await client.createGroup(alice.id, "team")
await client.sendMessage(groupId, new TextEncoder().encode("hello"))
await store.close()

// After a restart, the same file and key give back the group as last written.
const reopened = await openSqliteStore({ path: "data/mlskit.db" })
const [group] = await new MlsClient({ store: reopened, stateKey }).listGroups(alice.id)
console.log(`${group?.name}: epoch ${group?.epoch}, version ${group?.version}`)
await reopened.close()
