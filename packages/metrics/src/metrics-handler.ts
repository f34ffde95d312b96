/**
 * `metricsHandler`: a Node `http` request listener that serves a registry
 * in its exposition format, for any server or framework that accepts one.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { MetricsRegistry } from "./metrics-registry.js"

/** A Node `http` request listener. */
export type MetricsRequestListener = (req: IncomingMessage, res: ServerResponse) => void

/** Serves `registry` on GET and HEAD; 405 for other methods, 500 if collection fails. */
export function metricsHandler(registry: MetricsRegistry): MetricsRequestListener {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "method not allowed\n", { allow: "GET, HEAD" })
      return
    }
    registry.metrics().then(
      (body) =>
        send(res, 200, body, { "content-type": registry.contentType }, req.method === "HEAD"),
      () => send(res, 500, "failed to collect metrics\n"),
    )
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  headOnly = false,
): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
    "content-length": Buffer.byteLength(body),
  })
  res.end(headOnly ? undefined : body)
}
