/**
 * Where the repository and its `deploy/` assets are, so checks and
 * end-to-end tests read the files users get rather than copies.
 */
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root (the directory of pnpm-workspace.yaml). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url))

/** Absolute path of a file under `deploy/`, e.g. `deployPath("prometheus", "alerts.yml")`. */
export function deployPath(...parts: string[]): string {
  return join(REPO_ROOT, "deploy", ...parts)
}
