import { MlskitClient } from "@mlskit/client"

// The admin token is in <data_dir>/admin-token (the server prints where).
const admin = new MlskitClient({
  baseUrl: process.env.MLSKIT_URL ?? "http://127.0.0.1:8080",
  token: process.env.MLSKIT_ADMIN_TOKEN,
})
const a = await admin.createIdentity("alice")
const b = await admin.createIdentity("bob")
const alice = admin.withToken(a.token)
const bob = admin.withToken(b.token)

const groupId = await alice.createGroup("team")
const { welcome } = await alice.addMembers(groupId, await bob.generateKeyPackages(b.id))
await bob.joinGroup(welcome)

const message = await alice.sendMessage(groupId, "hello bob")
const received = await bob.processMessage(groupId, message)
if (received.kind === "application") console.log(received.text)
