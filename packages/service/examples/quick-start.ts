import { loadServiceConfig, startMlsService } from "@mlskit/service"

const config = loadServiceConfig({
  toml: '[storage]\ndriver = "memory"\n[logging]\nlevel = "warn"',
  env: {},
})
const service = await startMlsService(config, { processMetrics: false })
service.subscribe("MessageReceived", (event) =>
  console.log(`event: ${event.type} in epoch ${event.epoch}`),
)

const alice = await service.createIdentity("alice")
const bob = await service.createIdentity("bob")
const groupId = await service.createGroup(alice.id, "team")
const { welcome } = await service.addMembers(groupId, await service.generateKeyPackages(bob.id, 1))
const bobGroup = await service.joinGroup(bob.id, welcome)
const result = await service.processMessage(
  bobGroup,
  await service.sendMessage(groupId, new TextEncoder().encode("hi")),
)

console.log(result.kind, await service.healthCheck())
await service.shutdown.shutdown("example done")
