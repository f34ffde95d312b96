import { MlskitClient } from "@mlskit/client"

// Delivery on (the server's default): nobody carries commits or messages by hand.
const admin = new MlskitClient({
  baseUrl: process.env.MLSKIT_URL ?? "http://127.0.0.1:8080",
  token: process.env.MLSKIT_ADMIN_TOKEN,
})
const alice = admin.withToken((await admin.createIdentity("alice")).token)
const bob = admin.withToken((await admin.createIdentity("bob")).token)

// Alice adds bob by name; he joins by himself.
const groupId = await alice.createGroup("team")
await alice.addMembersByName(groupId, ["bob"])
const sent = await alice.send(groupId, "hello bob")
console.log(`alice sent epoch ${sent.epoch}, seq ${sent.seq}`)

// Bob follows his inbox live. After a disconnect, pass the last entry's
// cursor as `lastEventId` to resume right after it.
const stop = new AbortController()
for await (const entry of await bob.inboxEvents({ signal: stop.signal })) {
  if (entry.type === "joined")
    console.log(`${entry.cursor}: bob joined ${entry.members?.map((m) => m.identity).join(", ")}`)
  if (entry.type === "message") {
    console.log(`${entry.cursor}: ${entry.sender?.identity} says ${entry.text}`)
    stop.abort()
  }
}
