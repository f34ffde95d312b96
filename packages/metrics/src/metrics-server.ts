/**
 * `startMetricsServer`: a dedicated HTTP server for Prometheus to scrape,
 * separate from the application's own port.
 */
import { createServer } from "node:http"
import { metricsHandler } from "./metrics-handler.js"
import type { MetricsRegistry } from "./metrics-registry.js"

/** Options of `startMetricsServer`. */
export interface MetricsServerOptions {
  registry: MetricsRegistry
  /** Port to listen on; 0 picks a free one. Default 9090. */
  port?: number
  /** Interface to bind. Default "127.0.0.1"; use "0.0.0.0" inside a container. */
  host?: string
  /** Path the metrics are served on; other paths get 404. Default "/metrics". */
  path?: string
}

/** A running metrics server. */
export interface MetricsServer {
  /** Full URL of the metrics endpoint, e.g. "http://127.0.0.1:9090/metrics". */
  readonly url: string
  /** The port actually bound (useful with port 0). */
  readonly port: number
  /** Stops accepting connections and resolves once the server is closed. */
  close(): Promise<void>
}

/** Starts an HTTP server serving `registry` on `path`; resolves once it listens. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { registry, port = 9090, host = "127.0.0.1", path = "/metrics" } = options
  const handle = metricsHandler(registry)
  const server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname === path) {
      handle(req, res)
      return
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n")
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address()
  const boundPort = typeof address === "object" && address !== null ? address.port : port
  const urlHost = host.includes(":") ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${boundPort}${path}`,
    port: boundPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      }),
  }
}
