#!/usr/bin/env node
/**
 * `mlskit-server [--config path]`: start the MLS service and the reference
 * server, print where they listen, and shut down gracefully on SIGTERM or
 * SIGINT (a second signal forces the exit).
 */
import { MlskitError } from "@mlskit/core"
import { createLogger, type MlsService, startMlsService } from "@mlskit/service"
import { summarizeShutdown } from "@mlskit/shutdown"
import { configFile, parseCliArgs, USAGE } from "./cli-args.js"
import { loadServerConfig } from "./server-config.js"
import { startServer } from "./start-server.js"

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2))
  if (args.help) {
    console.log(USAGE)
    return
  }
  const file = configFile(args, process.env)
  const config = loadServerConfig(file ? { file } : {})
  const logger = createLogger({ level: config.logging.level })
  let service: MlsService | undefined
  try {
    service = await startMlsService(config, { logger })
    const { shutdown } = service
    shutdown.onPhase((phase) => {
      const result = shutdown.result
      if (!result) logger.info({ phase }, "shutting down")
      else if (result.ok) logger.info(summarizeShutdown(result), "shutdown done")
      else logger.error(summarizeShutdown(result), "shutdown done")
    })
    shutdown.handleSignals()
    const server = await startServer(service, config, { logger })
    console.log(`mlskit-server ${file ? `(config ${file}) ` : ""}listening on ${server.url}`)
    if (server.metricsUrl) console.log(`metrics on ${server.metricsUrl}`)
    const { file: tokenFile, created } = server.adminToken
    console.log(
      tokenFile
        ? `admin token in ${tokenFile}${created ? " (generated now, mode 0600)" : ""}`
        : "admin token from [auth] admin_token / MLSKIT_AUTH_ADMIN_TOKEN",
    )
  } catch (error) {
    if (service) await service.shutdown.shutdown("start failed")
    throw error
  }
}

main().catch((error: unknown) => {
  const message =
    MlskitError.isInstance(error) || error instanceof Error ? error.message : String(error)
  console.error(`mlskit-server: ${message}`)
  process.exitCode = 1
})
