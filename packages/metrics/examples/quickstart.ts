import { createMlsMetrics, startMetricsServer } from "@mlskit/metrics"
import { Registry } from "prom-client"

const registry = new Registry()
const metrics = createMlsMetrics({ registry, activeGroups: () => 1 })

// Give `metrics` to core as its OperationHooks; here we report one send by hand.
metrics.onEnd("send_message", { attributes: { outputBytes: 120 }, durationMs: 3.2 })

const server = await startMetricsServer({ registry, port: 0 })
const text = await (await fetch(server.url)).text()
console.log(text.match(/^mls_messages_encrypted_total .*$/m)?.[0]) // mls_messages_encrypted_total 1
await server.close()
