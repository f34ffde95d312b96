/**
 * The service's pino logger. Redaction paths are fixed at start so that even
 * a careless `log.info({ plaintext })` cannot write secrets.
 */
import pino, { type Logger } from "pino"
import type { LogLevel } from "./service-config.js"

/** Field names that are never logged, at any depth used by the service. */
export const REDACTED_PATHS = [
  "plaintext",
  "*.plaintext",
  "stateKey",
  "*.stateKey",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "secret",
  "*.secret",
  "key",
  "*.key",
]

/** Create the service logger writing JSON lines to `destination` (stdout by default). */
export function createLogger(options: {
  level: LogLevel
  destination?: pino.DestinationStream
  name?: string
}): Logger {
  return pino(
    {
      name: options.name ?? "mlskit",
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: undefined,
    },
    options.destination,
  )
}

export type { Logger }
