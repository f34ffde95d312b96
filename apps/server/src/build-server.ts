/**
 * `buildServer`: the Fastify application of the reference server, not yet
 * listening. It wires authentication, body validation, error mapping,
 * trace-context continuation, the shutdown gate and every route.
 */
import { ServiceUnavailableError } from "@mlskit/core"
import { HealthRegistry, HealthStatus } from "@mlskit/health"
import { createLogger, type Logger, type MlsService } from "@mlskit/service"
import { withExtractedContext } from "@mlskit/tracing"
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify"
import { type AdminToken, resolveAdminToken } from "./auth/admin-token.js"
import { Authenticator } from "./auth/authenticate.js"
import { IdentityTokens } from "./auth/identity-tokens.js"
import { acceptEmptyBodies } from "./empty-bodies.js"
import { replyWithError } from "./http-errors.js"
import { registerOpenApi } from "./openapi.js"
import { requestLogSerializers } from "./request-log.js"
import type { RouteContext } from "./route-context.js"
import { commitRoutes } from "./routes/commits.js"
import { deliveryRoutes } from "./routes/delivery.js"
import { eventRoutes } from "./routes/events.js"
import { externalJoinRoutes } from "./routes/external-join.js"
import { groupLogRoutes } from "./routes/group-log.js"
import { groupRoutes } from "./routes/groups.js"
import { healthRoutes } from "./routes/health.js"
import { identityRoutes } from "./routes/identities.js"
import { identityAdminRoutes } from "./routes/identity-admin.js"
import { leaveRoutes } from "./routes/leave.js"
import { membersElsewhereRoutes } from "./routes/members-elsewhere.js"
import { messageRoutes } from "./routes/messages.js"
import { openApiRoutes } from "./routes/openapi.js"
import { rootRoutes } from "./routes/root.js"
import type { ServerConfig } from "./server-config.js"
import { SERVER_VERSION } from "./version.js"

/** Default interval of SSE heartbeat comments. */
export const DEFAULT_HEARTBEAT_MS = 15_000

const API_INFO = {
  title: "mlskit reference server",
  version: SERVER_VERSION,
  description: "MLS (RFC 9420) groups over HTTP. Bytes are base64url without padding.",
}

/** Options of `buildServer`. */
export interface ServerOptions {
  /** The service's logger (default: a new one at `[logging] level`). */
  logger?: Logger
  /** The admin token (default: resolved from `[auth]`, generated on first start). */
  adminToken?: AdminToken
  /** Interval of SSE heartbeat comments in ms (default 15 000). */
  heartbeatMs?: number
  /** Shortest time between two token reloads caused by unknown tokens, in ms (default 250). */
  tokenMissIntervalMs?: number
}

/** The application, the admin token it accepts, and the first step of closing it. */
export interface BuiltServer {
  app: FastifyInstance
  adminToken: AdminToken
  /** Answer every new request with 503 and destroy the event streams still open. */
  beginClose(): void
}

/** Build the Fastify application serving `service` as configured by `config`. */
export async function buildServer(
  service: MlsService,
  config: ServerConfig,
  options: ServerOptions = {},
): Promise<BuiltServer> {
  const logger = options.logger ?? createLogger({ level: config.logging.level })
  const adminToken = options.adminToken ?? resolveAdminToken(config)
  const tokens = await IdentityTokens.load(service, {
    refreshIntervalMs: config.auth.tokenRefreshIntervalMs,
    ...(options.tokenMissIntervalMs === undefined
      ? {}
      : { minMissIntervalMs: options.tokenMissIntervalMs }),
    onRefreshError: (error) =>
      logger.warn({ code: (error as { code?: unknown }).code }, "identity token reload failed"),
  })
  const auth = new Authenticator(adminToken.token, tokens)
  const app = Fastify({
    loggerInstance: logger.child(
      { component: "http" },
      { serializers: requestLogSerializers },
    ) as FastifyBaseLogger,
    bodyLimit: config.server.bodyLimitBytes,
    requestTimeout: config.server.requestTimeoutMs,
    // Requests that arrive while closing get our own 503 (see the gate below).
    return503OnClosing: false,
    // MLS group ids may be 255 bytes: 340 base64url characters.
    routerOptions: { maxParamLength: 512 },
    frameworkErrors: replyWithError,
    // Reject, never strip or coerce: a wrong body must not reach the service.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  })
  app.removeContentTypeParser("text/plain")
  acceptEmptyBodies(app)
  app.decorateRequest("identityId", "")
  app.decorateRequest("callerIsAdmin", false)
  app.addHook("onClose", async () => tokens.stop())

  app.addHook("onRoute", (route) => {
    const handler = route.handler
    route.handler = function traced(this: FastifyInstance, request, reply) {
      return withExtractedContext(request.headers, () => handler.call(this, request, reply))
    }
  })
  let closing = false
  app.addHook("onRequest", async (request) => {
    if ((closing || !service.shutdown.isAccepting) && !request.url.startsWith("/health/")) {
      throw new ServiceUnavailableError("the server is shutting down")
    }
  })
  app.setErrorHandler(replyWithError)
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: "NOT_FOUND",
        message: `no route ${request.method} ${request.url.split("?")[0]}`,
      },
    }),
  )

  const health = new HealthRegistry({ shuttingDown: () => service.shutdown.isShuttingDown })
  health.register("mls_service", () => service.healthCheck())
  // A group log on its own server (NATS): readiness needs it too, liveness does not.
  if (service.groupLogIsRemote)
    health.register("group_log", async () => {
      const report = await service.groupLogHealth()
      return report ?? { name: "group_log", status: HealthStatus.Healthy }
    })
  const ctx: RouteContext = {
    service,
    auth,
    bodyLimitBytes: config.server.bodyLimitBytes,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    streams: new Set(),
  }
  await registerOpenApi(app, API_INFO)
  rootRoutes(app, API_INFO.title)
  healthRoutes(app, health)
  identityRoutes(app, ctx)
  identityAdminRoutes(app, ctx)
  groupRoutes(app, ctx)
  externalJoinRoutes(app, ctx)
  messageRoutes(app, ctx)
  commitRoutes(app, ctx)
  deliveryRoutes(app, ctx)
  groupLogRoutes(app, ctx)
  membersElsewhereRoutes(app, ctx)
  leaveRoutes(app, ctx)
  eventRoutes(app, ctx)
  openApiRoutes(app)
  await app.ready()
  const beginClose = (): void => {
    closing = true
    tokens.stop()
    for (const stream of ctx.streams) stream.destroy()
  }
  return { app, adminToken, beginClose }
}
