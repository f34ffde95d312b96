import { generateStateKey, MlsClient } from "@mlskit/core"
import { openPostgresStore } from "@mlskit/store-postgres"

const connection = process.env.MLSKIT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const options = { connection, schema: process.env.MLSKIT_PG_SCHEMA ?? "mlskit" }
const stateKey = generateStateKey() // shared by every instance, kept secret

// Two instances start at once: the schema is created and migrated exactly once.
const [storeA, storeB] = await Promise.all([openPostgresStore(options), openPostgresStore(options)])
const a = new MlsClient({ store: storeA, stateKey })
const alice = await a.createIdentity("alice")
const groupId = await a.createGroup(alice.id, "team")
await a.sendMessage(groupId, new TextEncoder().encode("hello"))

// The other instance sees the group as last written.
const [group] = await new MlsClient({ store: storeB, stateKey }).listGroups(alice.id)
console.log(`${group?.name}: epoch ${group?.epoch}, version ${group?.version}`)
await Promise.all([storeA.close(), storeB.close()])
