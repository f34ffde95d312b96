/**
 * A Node `http` request listener serving the two probes. Use it when there is
 * no framework, or to run the probes on their own port:
 * `http.createServer(healthRequestListener(registry)).listen(8081)`.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http"
import type { HealthRegistry } from "./health-registry.js"
import { livenessHandler, type ProbeHandler, readinessHandler } from "./probe-handlers.js"

/** Options of the request listener. */
export interface HealthListenerOptions {
  /** Path of the liveness probe (default `/health/live`). */
  livenessPath?: string
  /** Path of the readiness probe (default `/health/ready`). */
  readinessPath?: string
  /** Handles any other path; without it they get a JSON 404. */
  fallback?: RequestListener
}

/** A request listener answering GET/HEAD on the liveness and readiness paths with JSON. */
export function healthRequestListener(
  registry: HealthRegistry,
  options: HealthListenerOptions = {},
): RequestListener {
  const routes = new Map<string, ProbeHandler>([
    [options.livenessPath ?? "/health/live", livenessHandler(registry)],
    [options.readinessPath ?? "/health/ready", readinessHandler(registry)],
  ])
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/"
    const probe = routes.get(path)
    if (probe === undefined) {
      if (options.fallback !== undefined) return options.fallback(req, res)
      return send(req, res, 404, { error: "not found" })
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD")
      return send(req, res, 405, { error: "method not allowed" })
    }
    probe().then(
      (response) => send(req, res, response.statusCode, response.body),
      () => send(req, res, 500, { error: "health check failed" }),
    )
  }
}

function send(req: IncomingMessage, res: ServerResponse, statusCode: number, body: unknown): void {
  const json = JSON.stringify(body)
  res.statusCode = statusCode
  res.setHeader("content-type", "application/json; charset=utf-8")
  res.setHeader("cache-control", "no-store")
  res.setHeader("content-length", Buffer.byteLength(json))
  res.end(req.method === "HEAD" ? undefined : json)
}
