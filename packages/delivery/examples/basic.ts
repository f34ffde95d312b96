import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"
import { InMemoryGroupLog, readProtocolFraming } from "@mlskit/delivery"

const client = new MlsClient({ store: new InMemoryStore(), stateKey: generateStateKey() })
const alice = await client.createIdentity("alice")
const bob = await client.createIdentity("bob")
const group = await client.createGroup(alice.id, "team")
const { commit } = await client.addMembers(group, await client.generateKeyPackages(bob.id, 1))
const hello = await client.sendMessage(group, new TextEncoder().encode("hi bob"))

const log = new InMemoryGroupLog({ retention: { maxEntries: 10_000 } })
const { groupId } = readProtocolFraming(commit) // read in clear, no keys needed
await log.append(groupId, commit)
await log.append(groupId, hello)
const retry = await log.append(groupId, commit) // a retry after a lost answer
console.log(`retry: seq ${retry.seq}, duplicate ${retry.duplicate}`)
for (const entry of await log.read(groupId)) {
  console.log(`${entry.seq}: ${entry.kind} for epoch ${entry.epoch}`)
}
