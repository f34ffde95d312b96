/** `GET /openapi.json`: the OpenAPI 3.1 document of the server's routes (no token needed). */
import type { FastifyInstance } from "fastify"
import { type DocumentedRoute, type OpenApiInfo, openApiDocument } from "../openapi.js"
import type { JsonSchema } from "../schemas.js"

/** Register the document route; `routes` is filled as routes are registered, and read on first request. */
export function openApiRoutes(
  app: FastifyInstance,
  routes: readonly DocumentedRoute[],
  info: OpenApiInfo,
): void {
  let document: JsonSchema | undefined
  app.get("/openapi.json", async () => {
    document ??= openApiDocument(routes, info)
    return document
  })
}
