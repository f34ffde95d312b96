import { generateStateKey, MlsClient } from "@mlskit/core"
import { CommitConflictError, readProtocolFraming } from "@mlskit/delivery"
import { openPostgresStore } from "@mlskit/store-postgres"

const connection = process.env.MLSKIT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const options = { connection, schema: process.env.MLSKIT_PG_SCHEMA ?? "mlskit" }
const stateKey = generateStateKey()

// Two instances on one schema; alice is served by A, bob by B.
const [storeA, storeB] = await Promise.all([openPostgresStore(options), openPostgresStore(options)])
const [logA, logB] = [storeA.groupLog(), storeB.groupLog()]
const a = new MlsClient({ store: storeA, stateKey })
const b = new MlsClient({ store: storeB, stateKey })
const alice = await a.createIdentity("alice")
const bob = await b.createIdentity("bob")
const aliceGroup = await a.createGroup(alice.id, "team")
const added = await a.addMembers(aliceGroup, await b.generateKeyPackages(bob.id, 1))
const { groupId } = readProtocolFraming(added.commit) // the MLS group id, read without keys
await logA.append(groupId, added.commit)
const bobGroup = await b.joinGroup(bob.id, added.welcome)

// Both commit at epoch 1: the log lets exactly one of them in.
const fromAlice = await a.selfUpdate(aliceGroup)
const fromBob = await b.selfUpdate(bobGroup)
const waiting = logB.waitForAppend(groupId, 1, { timeoutMs: 5000 })
const won = await logA.append(groupId, fromAlice)
console.log(`B woke up: ${await waiting}; alice's commit is seq ${won.seq}`)
try {
  await logB.append(groupId, fromBob)
} catch (error) {
  if (!(error instanceof CommitConflictError)) throw error
  console.log(`bob's commit lost to seq ${error.winnerSeq}: apply it, then update again`)
}
await Promise.all([logA.close(), logB.close(), storeA.close(), storeB.close()])
