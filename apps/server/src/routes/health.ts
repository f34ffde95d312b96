/** `GET /health/live` and `GET /health/ready` (no token needed). */
import { type HealthRegistry, livenessHandler, readinessHandler } from "@mlskit/health"
import type { FastifyInstance } from "fastify"
import { objectSchema } from "../schemas.js"

const reportSchema = objectSchema({
  status: { type: "string", enum: ["healthy", "degraded", "unhealthy"] },
  components: {
    type: "array",
    items: objectSchema(
      {
        name: { type: "string" },
        status: { type: "string" },
        details: { type: "string" },
        durationMs: { type: "number" },
      },
      ["name", "status", "durationMs"],
    ),
  },
  checkedAt: { type: "string" },
})

/** Register the probes on `health`. */
export function healthRoutes(app: FastifyInstance, health: HealthRegistry): void {
  const live = livenessHandler(health)
  const ready = readinessHandler(health)
  app.get(
    "/health/live",
    {
      schema: {
        summary: "Liveness: 200 while the process works (also during shutdown)",
        tags: ["health"],
        response: { 200: reportSchema, 503: reportSchema },
      },
    },
    async (_request, reply) => {
      const { statusCode, body } = await live()
      return reply.code(statusCode).send(body)
    },
  )
  app.get(
    "/health/ready",
    {
      schema: {
        summary:
          "Readiness: 200 when the service is healthy or degraded; 503 when unhealthy or shutting down",
        tags: ["health"],
        response: { 200: reportSchema, 503: reportSchema },
      },
    },
    async (_request, reply) => {
      const { statusCode, body } = await ready()
      return reply.code(statusCode).send(body)
    },
  )
}
