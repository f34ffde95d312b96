/**
 * `GET /`: where to go from here. JSON naming the documentation, the OpenAPI
 * document and the health probes, or a small HTML page with the same links
 * when the client prefers HTML (a browser).
 */
import type { FastifyInstance, FastifyRequest } from "fastify"
import { DOCS_PATH, OPENAPI_PATH } from "../openapi.js"

/** The links `GET /` answers with. */
export const ROOT_LINKS = {
  docs: DOCS_PATH,
  openapi: OPENAPI_PATH,
  live: "/health/live",
  ready: "/health/ready",
} as const

/** Register the landing route; `title` names the server. */
export function rootRoutes(app: FastifyInstance, title: string): void {
  app.get("/", { schema: { hide: true } }, async (request, reply) => {
    if (prefersHtml(request)) {
      return reply.type("text/html; charset=utf-8").send(html(title))
    }
    return { name: title, links: ROOT_LINKS }
  })
}

function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? ""
  const html = accept.indexOf("text/html")
  if (html === -1) return false
  const json = accept.indexOf("application/json")
  return json === -1 || html < json
}

function html(title: string): string {
  const items = Object.entries(ROOT_LINKS)
    .map(([name, href]) => `<li><a href="${href}">${name}</a>: <code>${href}</code></li>`)
    .join("")
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><ul>${items}</ul></body></html>`
}
