import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"

const client = new MlsClient({ store: new InMemoryStore(), stateKey: generateStateKey() })
const alice = await client.createIdentity("alice")
const bob = await client.createIdentity("bob")
const group = await client.createGroup(alice.id, "team")

// Stage: the commit and Welcome are stored (sealed) beside the current state.
const staged = await client.addMembers(group, await client.generateKeyPackages(bob.id, 1), {
  staged: true,
})
const pending = await client.pendingCommit(group)
console.log(`pending at epoch ${pending?.epoch}, dedupe id ${pending?.dedupeId}`)

// ... append `staged.commit` to the group log; it won the epoch, so merge it,
// moving the applied cursor to the log entry's seq in the same write:
const { epoch } = await client.confirmCommit(group, { appliedSeq: 1 })
const bobGroup = await client.joinGroup(bob.id, staged.welcome)
console.log(`epoch ${epoch}; bob joined at epoch ${(await client.group(bobGroup)).epoch}`)

// Had another member's commit won, processing it would have dropped the
// pending commit; redo `pending.intent` on the new epoch. Entries a member
// skips (its own messages) move its cursor without a state change:
await client.markApplied(group, 2)
console.log(`applied up to ${(await client.group(group)).appliedSeq}`)
