import { MlskitClient } from "@mlskit/client"
import {
  acceptAll,
  createApplicationMessage,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  processMessage,
} from "ts-mls"

const admin = new MlskitClient({
  baseUrl: process.env.MLSKIT_URL ?? "http://127.0.0.1:8080",
  token: process.env.MLSKIT_ADMIN_TOKEN,
})
const alice = admin.withToken((await admin.createIdentity("alice")).token)
// Eve keeps her keys in this process (ts-mls); the server only delivers.
const eve = admin.withToken((await admin.createExternalIdentity("eve")).token)
const suite = getCiphersuiteFromName("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519")
const cs = await getCiphersuiteImpl(suite)
const credential = { credentialType: "basic" as const, identity: new TextEncoder().encode("eve") }
const eveKeys = await generateKeyPackage(credential, defaultCapabilities(), defaultLifetime, [], cs)
const keyPackage = { keyPackage: eveKeys.publicPackage, wireformat: "mls_key_package" as const }
await eve.uploadKeyPackages([encodeMlsMessage({ version: "mls10", ...keyPackage })])

// Alice adds eve by name, as anyone; eve joins from her Welcome here.
const groupId = await alice.createGroup("mixed")
await alice.addMembersByName(groupId, ["eve"])
const [waiting] = await eve.welcomes()
if (!waiting) throw new Error("no Welcome for eve")
const welcome = decodeMlsMessage(waiting.welcome, 0)?.[0]
if (welcome?.wireformat !== "mls_welcome") throw new Error("not a Welcome")
let state = await joinGroup(
  welcome.welcome,
  eveKeys.publicPackage,
  eveKeys.privatePackage,
  emptyPskIndex,
  cs,
)
await eve.acknowledgeWelcome(waiting.id)

// Alice's message reaches eve through the group's log; eve decrypts it here.
await alice.send(groupId, "hello eve")
const { entries } = await eve.groupLog(groupId)
for (const entry of entries) {
  if (BigInt(entry.epoch) < state.groupContext.epoch) continue // from before she joined
  const message = decodeMlsMessage(entry.message, 0)?.[0]
  if (message?.wireformat !== "mls_private_message") continue
  const result = await processMessage(message, state, emptyPskIndex, acceptAll, cs)
  state = result.newState
  if (result.kind === "applicationMessage")
    console.log(`eve read: ${new TextDecoder().decode(result.message)}`)
}

// Eve answers; alice finds it in her inbox like any other message.
const reply = await createApplicationMessage(state, new TextEncoder().encode("hi alice"), cs)
state = reply.newState
const privateMessage = {
  privateMessage: reply.privateMessage,
  wireformat: "mls_private_message" as const,
}
await eve.appendToGroupLog(groupId, encodeMlsMessage({ version: "mls10", ...privateMessage }))
for (const entry of (await alice.inbox({ wait: 5 })).entries) {
  if (entry.type === "message")
    console.log(`alice read: ${entry.text} (from ${entry.sender?.identity})`)
}
