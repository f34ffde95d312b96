import { createMlsEventBroadcaster, mlsEvent } from "@mlskit/events"

const events = createMlsEventBroadcaster()

// A handler runs after emit returns, one event at a time, in emit order.
events.subscribe("MemberAdded", (e) => console.log(`${e.groupId} now has ${e.memberCount}`))

// A stream of every type with a bounded buffer; ends on abort or close().
const stream = events.iterate("*", { bufferSize: 100, overflow: "drop-oldest" })

const alice = { identity: "alice", groupId: "g1" }
events.emit(mlsEvent("GroupCreated", { ...alice, epoch: 0, ciphersuite: "X25519" }))
events.emit(mlsEvent("MemberAdded", { ...alice, epoch: 1, leafIndices: [1], memberCount: 2 }))
events.close()

for await (const e of stream) console.log(`${e.type} (dropped ${stream.dropped})`)
