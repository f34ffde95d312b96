#!/usr/bin/env node
/**
 * The server's OpenAPI document, from the built server (dist) on a memory store:
 *   node scripts/openapi.mjs write FILE   write the document to FILE
 *   node scripts/openapi.mjs lint         redocly lint it; exit 1 on any error or warning
 *   node scripts/openapi.mjs client-types write packages/client/src/openapi-types.ts
 *                                         from it with openapi-typescript
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { createLogger, startMlsService } from "@mlskit/service"
import { buildServer, loadServerConfig } from "../dist/index.js"
import { CLIENT_TYPES_PATH, clientTypesSource } from "./client-types.mjs"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const bin = fileURLToPath(new URL("../node_modules/.bin/redocly", import.meta.url))

async function openApiDocument() {
  const dataDir = mkdtempSync(join(tmpdir(), "mlskit-openapi-"))
  try {
    const env = {
      MLSKIT_STORAGE_DRIVER: "memory",
      MLSKIT_STORAGE_DATA_DIR: dataDir,
      MLSKIT_LOGGING_LEVEL: "error",
    }
    const config = loadServerConfig({ env })
    const logger = createLogger({ level: "error" })
    const service = await startMlsService(config, { logger })
    try {
      const { app } = await buildServer(service, config, { logger })
      const response = await app.inject({ url: "/openapi.json" })
      await app.close()
      return response.json()
    } finally {
      await service.shutdown.shutdown("openapi document written")
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const [command, file] = process.argv.slice(2)
const document = await openApiDocument()
if (command === "write" && file) {
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`)
} else if (command === "client-types") {
  writeFileSync(join(root, CLIENT_TYPES_PATH), await clientTypesSource(document))
} else if (command === "lint") {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-openapi-"))
  const target = join(dir, "openapi.json")
  writeFileSync(target, JSON.stringify(document))
  const args = ["lint", target, "--config", join(root, "redocly.yaml")]
  let failed = false
  try {
    execFileSync(bin, args, { stdio: "inherit" })
    const report = JSON.parse(
      execFileSync(bin, [...args, "--format=json"], { stdio: ["ignore", "pipe", "ignore"] }),
    )
    failed = report.totals.errors + report.totals.warnings > 0
  } catch {
    failed = true
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (failed) {
    console.error("redocly lint: the OpenAPI document has errors or warnings")
    process.exit(1)
  }
} else {
  console.error("usage: openapi.mjs write FILE | lint | client-types")
  process.exit(2)
}
