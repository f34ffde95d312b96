import { loadServiceConfig, startMlsService } from "@mlskit/service"

const config = loadServiceConfig({
  toml: '[storage]\ndriver = "memory"\n[logging]\nlevel = "warn"',
  env: {},
})
const service = await startMlsService(config, { processMetrics: false })
service.subscribe("MessageReceived", (event) =>
  console.log(`event: ${event.type} in epoch ${event.epoch}`),
)

// Delivery is on ([delivery] driver = "store"): nobody carries bytes by hand.
const alice = await service.createIdentity("alice")
const bob = await service.createIdentity("bob")
const groupId = await service.createGroup(alice.id, "team")
await service.deliverAdd(groupId, { identities: ["bob"] }) // bob joins by himself
await service.deliverMessage(groupId, new TextEncoder().encode("hi"))

const inbox = await service.readInbox(bob.id)
const message = inbox.find((entry) => entry.type === "message")
console.log(
  inbox.map((entry) => entry.type),
  message?.sender?.identity,
  new TextDecoder().decode(message?.plaintext),
)
console.log(await service.healthCheck())
await service.shutdown.shutdown("example done")
