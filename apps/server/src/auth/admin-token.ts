/**
 * The admin token, which alone may create identities: `[auth] admin_token`
 * (or `MLSKIT_AUTH_ADMIN_TOKEN`) when set, else read from `admin_token_file`
 * (default `<data_dir>/admin-token`), generated with mode 0600 on first start.
 * Either way a placeholder or a token shorter than 32 bytes of entropy is
 * refused with a ConfigError (see token-strength.ts).
 */
import { join } from "node:path"
import { readOrCreateSecret } from "@mlskit/service"
import type { ServerConfig } from "../server-config.js"
import { checkTokenStrength } from "./token-strength.js"

/** The admin token and where it came from. */
export interface AdminToken {
  token: string
  /** The file it was read from or written to; undefined when it came from configuration. */
  file: string | undefined
  /** True when this start generated it. */
  created: boolean
}

/** Resolve the admin token from configuration or its file (created on first start). */
export function resolveAdminToken(config: Pick<ServerConfig, "auth" | "storage">): AdminToken {
  const configured = config.auth.adminToken
  if (configured) {
    checkTokenStrength(configured, "auth.admin_token")
    return { token: configured, file: undefined, created: false }
  }
  const file = config.auth.adminTokenFile || join(config.storage.dataDir, "admin-token")
  const { value, created } = readOrCreateSecret(file, 32, "auth.admin_token_file")
  checkTokenStrength(value, "auth.admin_token_file")
  return { token: value, file, created }
}
