/** `GET /openapi.json`: the OpenAPI 3.1 document of the server's routes (no token needed). */
import type { FastifyInstance } from "fastify"
import { OPENAPI_PATH } from "../openapi.js"

/** Register the document route (the document is generated once, on first request). */
export function openApiRoutes(app: FastifyInstance): void {
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger())
}
