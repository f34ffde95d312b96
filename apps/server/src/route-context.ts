/** What every route group needs: the service, authentication and the body limit. */
import type { ServerResponse } from "node:http"
import type { MlsService } from "@mlskit/service"
import type { Authenticator } from "./auth/authenticate.js"

/** Shared by the route groups. */
export interface RouteContext {
  service: MlsService
  auth: Authenticator
  /** `[server] body_limit_bytes`: the bound of every byte field (no field can be larger than the body). */
  bodyLimitBytes: number
  /** Interval of the SSE heartbeat comments, in ms. */
  heartbeatMs: number
  /** Open event streams, destroyed if still open when the server closes. */
  streams: Set<ServerResponse>
}
