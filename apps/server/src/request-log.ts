/**
 * What the HTTP log says about a request: method, path and peer, never the
 * query string. A query may carry a credential (`?access_token=...` from a
 * client that does not send an Authorization header) or other caller data,
 * and log lines outlive the request; the path is all an operator needs.
 */
import type { FastifyRequest } from "fastify"

/** The part of a request URL before any `?` or `#`. */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/** The `req` field of the HTTP log lines, as Fastify's serializer writes it but without the query. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: pathOf(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}

/** Serializers for the Fastify logger: they replace Fastify's own `req` serializer. */
export const requestLogSerializers = { req: serializeRequest }
