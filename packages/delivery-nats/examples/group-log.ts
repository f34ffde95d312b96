import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"
import { CommitConflictError, readProtocolFraming } from "@mlskit/delivery"
import { openJetStreamGroupLog } from "@mlskit/delivery-nats"

const options = {
  servers: process.env.MLSKIT_NATS_URL ?? "nats://127.0.0.1:4222",
  stream: process.env.MLSKIT_NATS_STREAM ?? "MLSKIT_GROUP_LOG",
  subjectPrefix: process.env.MLSKIT_NATS_PREFIX ?? "mlskit.log",
  retention: { maxEntries: 10_000 },
}

// Two Delivery Service instances, each with its own connection, share one stream.
const [logA, logB] = await Promise.all([
  openJetStreamGroupLog(options),
  openJetStreamGroupLog(options),
])
const client = new MlsClient({ store: new InMemoryStore(), stateKey: generateStateKey() })
const alice = await client.createIdentity("alice")
const bob = await client.createIdentity("bob")
const aliceGroup = await client.createGroup(alice.id, "team")
const added = await client.addMembers(aliceGroup, await client.generateKeyPackages(bob.id, 1))
const { groupId } = readProtocolFraming(added.commit) // the MLS group id, read without keys
await logA.append(groupId, added.commit)
const bobGroup = await client.joinGroup(bob.id, added.welcome)

// Both commit at epoch 1: the log lets exactly one of them in.
const fromAlice = await client.selfUpdate(aliceGroup)
const fromBob = await client.selfUpdate(bobGroup)
const waiting = logB.waitForAppend(groupId, 1, { timeoutMs: 5000 })
const won = await logA.append(groupId, fromAlice)
console.log(`B woke up: ${await waiting}; alice's commit is seq ${won.seq}`)
try {
  await logB.append(groupId, fromBob)
} catch (error) {
  if (!(error instanceof CommitConflictError)) throw error
  console.log(`bob's commit lost to seq ${error.winnerSeq}: apply it, then update again`)
}
const retry = await logB.append(groupId, fromAlice) // alice's retry after a lost answer
console.log(`retry: seq ${retry.seq}, duplicate ${retry.duplicate}`)
await Promise.all([logA.close(), logB.close()])
