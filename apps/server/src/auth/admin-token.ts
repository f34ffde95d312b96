/**
 * The admin token, which alone may create identities: `[auth] admin_token`
 * (or `MLSKIT_AUTH_ADMIN_TOKEN`) when set, else read from `admin_token_file`
 * (default `<data_dir>/admin-token`), generated with mode 0600 on first start.
 */
import { join } from "node:path"
import { ConfigError } from "@mlskit/core"
import { readOrCreateSecret, type ServiceConfig } from "@mlskit/service"

/** Shortest admin token accepted from configuration. */
export const MIN_ADMIN_TOKEN_LENGTH = 16

/** The admin token and where it came from. */
export interface AdminToken {
  token: string
  /** The file it was read from or written to; undefined when it came from configuration. */
  file: string | undefined
  /** True when this start generated it. */
  created: boolean
}

/** Resolve the admin token from configuration or its file (created on first start). */
export function resolveAdminToken(config: Pick<ServiceConfig, "auth" | "storage">): AdminToken {
  const configured = config.auth.adminToken
  if (configured) {
    if (configured.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw new ConfigError(
        "auth.admin_token",
        `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`,
      )
    }
    return { token: configured, file: undefined, created: false }
  }
  const file = config.auth.adminTokenFile || join(config.storage.dataDir, "admin-token")
  const { value, created } = readOrCreateSecret(file, 32, "auth.admin_token_file")
  return { token: value, file, created }
}
