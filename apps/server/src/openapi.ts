/**
 * Builds the OpenAPI 3.1 document from the routes as registered: their
 * paths, methods, summaries and the same JSON schemas Fastify validates and
 * serialises with, so the document cannot drift from the server.
 */
import type { RouteOptions } from "fastify"
import type { JsonSchema } from "./schemas.js"

declare module "fastify" {
  interface FastifySchema {
    /** One line for the OpenAPI operation. */
    summary?: string
    description?: string
    tags?: string[]
    security?: Record<string, string[]>[]
  }
}

/** The parts of a route the document is built from. */
export type DocumentedRoute = Pick<RouteOptions, "method" | "url" | "schema">

/** Title and version of the document. */
export interface OpenApiInfo {
  title: string
  version: string
  description?: string
}

type Operation = Record<string, unknown>

/** The OpenAPI 3.1 document of `routes` (HEAD routes and routes without a schema are left out). */
export function openApiDocument(routes: readonly DocumentedRoute[], info: OpenApiInfo): JsonSchema {
  const paths: Record<string, Record<string, Operation>> = {}
  for (const route of routes) {
    if (!route.schema) continue
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
      (m) => m !== "HEAD",
    )
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}")
    for (const method of methods) {
      paths[path] ??= {}
      paths[path][method.toLowerCase()] = operation(route.schema as JsonSchema)
    }
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  }
}

function operation(schema: JsonSchema): Operation {
  const op: Operation = {}
  for (const key of ["summary", "description", "tags", "security"]) {
    if (schema[key] !== undefined) op[key] = schema[key]
  }
  const parameters = [
    ...parametersOf(schema.params as JsonSchema | undefined, "path"),
    ...parametersOf(schema.querystring as JsonSchema | undefined, "query"),
  ]
  if (parameters.length > 0) op.parameters = parameters
  if (schema.body) {
    op.requestBody = { required: true, content: { "application/json": { schema: schema.body } } }
  }
  op.responses = responses((schema.response ?? {}) as Record<string, JsonSchema>)
  return op
}

function parametersOf(schema: JsonSchema | undefined, where: "path" | "query"): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>
  const required = (schema?.required ?? []) as string[]
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || required.includes(name),
    schema: s,
  }))
}

function responses(byStatus: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {}
  for (const [status, schema] of Object.entries(byStatus)) {
    const key = status.replace(/xx$/i, "XX")
    if (key === "204") {
      out[key] = { description: schema.description ?? "no content" }
    } else if (schema.content) {
      out[key] = { description: schema.description ?? describeStatus(key), content: schema.content }
    } else {
      out[key] = { description: describeStatus(key), content: { "application/json": { schema } } }
    }
  }
  return out
}

function describeStatus(status: string): string {
  if (status.startsWith("2")) return "success"
  if (status === "503") return "not ready"
  return status.startsWith("4") ? "client error: `{ error: { code, message } }`" : "server error"
}
