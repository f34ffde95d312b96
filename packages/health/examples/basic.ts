import { HealthRegistry, HealthStatus, readinessHandler } from "@mlskit/health"

const health = new HealthRegistry({ timeoutMs: 500 })
health.register("database", async () => HealthStatus.Healthy)
health.register("broker", () => ({ status: HealthStatus.Degraded, details: "1 of 3 nodes down" }))

const ready = readinessHandler(health)
const { statusCode, body } = await ready()
console.log(statusCode, body.status) // 200 degraded: still takes traffic

health.setShuttingDown()
console.log((await ready()).statusCode) // 503: out of the load balancer
