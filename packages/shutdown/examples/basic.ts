import { createServer } from "node:http"
import { ShutdownCoordinator, ShutdownPhase } from "@mlskit/shutdown"

const coordinator = new ShutdownCoordinator({ timeoutMs: 30_000, handleSignals: true })

const server = createServer((_req, res) => {
  coordinator.track(async () => res.end("hello")).catch(() => res.writeHead(503).end())
}).listen(0)
coordinator.onPhase((phase) => {
  if (phase === ShutdownPhase.StopAccepting) server.close()
})
coordinator.addHook("store", async () => console.log("store flushed"))

// SIGTERM does the same, then exits with result.exitCode; a second SIGTERM exits at once.
const result = await coordinator.shutdown("example")
console.log(`ok=${result.ok} exitCode=${result.exitCode}`)
