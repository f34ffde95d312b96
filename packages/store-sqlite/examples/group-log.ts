import { generateStateKey, MlsClient } from "@mlskit/core"
import { readProtocolFraming } from "@mlskit/delivery"
import { openSqliteStore } from "@mlskit/store-sqlite"

const store = await openSqliteStore({ path: "data/mlskit.db" })
const log = store.groupLog({ retention: { maxAgeMs: 30 * 24 * 60 * 60 * 1000 } }) // same file
const client = new MlsClient({ store, stateKey: generateStateKey() })
const alice = await client.createIdentity("alice")
const bob = await client.createIdentity("bob")
const group = await client.createGroup(alice.id, "team")
const { commit } = await client.addMembers(group, await client.generateKeyPackages(bob.id, 1))
const { groupId } = readProtocolFraming(commit) // the MLS group id, read without keys
await log.append(groupId, commit)
await log.append(groupId, await client.sendMessage(group, new TextEncoder().encode("hi bob")))
const retry = await log.append(groupId, commit) // a retry after a lost answer appends nothing
console.log(`retry: seq ${retry.seq}, duplicate ${retry.duplicate}`)
await store.close()

// After a restart the log is still there, in order.
const reopened = await openSqliteStore({ path: "data/mlskit.db" })
for (const entry of await reopened.groupLog().read(groupId)) {
  console.log(`${entry.seq}: ${entry.kind} for epoch ${entry.epoch}`)
}
await reopened.close()
