/**
 * `startServer`: build the application, listen, start the Prometheus
 * metrics server, and register a shutdown hook that closes both. The hook is
 * registered after the service's own, so it runs first: HTTP is closed
 * before the service exports its snapshot and closes the store.
 *
 * The hook runs after the service has drained, so every operation that was
 * acknowledged (or will be) is already durable; what can still hold a
 * connection open is a client that stalls (mid-upload, or not reading its
 * response). Such connections are cut off `HTTP_DRAIN_MS` after closing
 * starts, well inside the hook's timeout, so they cannot fail the shutdown.
 */
import type { AddressInfo } from "node:net"
import { type MetricsServer, startMetricsServer } from "@mlskit/metrics"
import type { MlsService } from "@mlskit/service"
import type { FastifyInstance } from "fastify"
import type { AdminToken } from "./auth/admin-token.js"
import { buildServer, type ServerOptions } from "./build-server.js"
import { ConnectionTracker } from "./connection-tracker.js"
import type { ServerConfig } from "./server-config.js"

/** A listening server. */
export interface RunningServer {
  app: FastifyInstance
  /** Base URL of the API, e.g. "http://127.0.0.1:8080". */
  url: string
  /** URL of the metrics endpoint; undefined when `[metrics] enabled = false`. */
  metricsUrl: string | undefined
  adminToken: AdminToken
  /** Close the API and metrics servers (what the shutdown hook does); idempotent. */
  close(): Promise<void>
}

/** Name of the shutdown hook that closes the HTTP servers. */
export const HTTP_SHUTDOWN_HOOK = "http-server"

/** Time open requests get to finish once closing starts; then their connections are cut off. */
export const HTTP_DRAIN_MS = 3_000

/** Timeout of the HTTP shutdown hook: the drain, then time to tear down what was cut off. */
export const HTTP_HOOK_TIMEOUT_MS = 5_000

/** Build and start the server for `service` on `[server]` and `[metrics]`. */
export async function startServer(
  service: MlsService,
  config: ServerConfig,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const { app, adminToken, beginClose } = await buildServer(service, config, options)
  const connections = new ConnectionTracker(app.server)
  await app.listen({ host: config.server.host, port: config.server.port })
  let metrics: MetricsServer | undefined
  try {
    if (config.metrics.enabled) {
      metrics = await startMetricsServer({
        registry: service.registry,
        host: config.metrics.host,
        port: config.metrics.port,
        path: config.metrics.path,
      })
    }
  } catch (error) {
    await app.close()
    throw error
  }
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      beginClose()
      const closed = app.close()
      connections.closeIdle()
      if (!(await settlesWithin(closed, HTTP_DRAIN_MS))) {
        const cut = connections.destroyAll()
        app.log.warn({ requests: cut, afterMs: HTTP_DRAIN_MS }, "cut off unfinished requests")
      }
      await closed
      await metrics?.close()
      app.log.info("http server closed")
    })()
    return closing
  }
  service.shutdown.addHook(HTTP_SHUTDOWN_HOOK, close, { timeoutMs: HTTP_HOOK_TIMEOUT_MS })
  const { port } = app.server.address() as AddressInfo
  const host = config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host
  return { app, url: `http://${host}:${port}`, metricsUrl: metrics?.url, adminToken, close }
}

/** True when `promise` settles within `ms`. Never rejects: the caller awaits `promise` itself. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false)
  })
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}
