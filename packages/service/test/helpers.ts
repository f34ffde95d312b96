import { randomBytes } from "node:crypto"
import { Writable } from "node:stream"
import { InMemoryStore, type MlsStore } from "@mlskit/core"
import { Registry } from "prom-client"
import {
  createLogger,
  loadServiceConfig,
  MlsService,
  type MlsServiceOptions,
} from "../src/index.js"

/** A writable that keeps every log line. */
export function logSink(): { stream: Writable; lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean))
      done()
    },
  })
  return { stream, lines }
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s)
export const str = (b: Uint8Array): string => new TextDecoder().decode(b)

/** A service on an in-memory store with its own registry and a captured log. */
export async function makeService(
  overrides: Partial<MlsServiceOptions> & { level?: "trace" | "info"; store?: MlsStore } = {},
) {
  const sink = logSink()
  const stateKey = randomBytes(32)
  const service = new MlsService({
    store: overrides.store ?? new InMemoryStore(),
    stateKey,
    logger: createLogger({ level: overrides.level ?? "info", destination: sink.stream }),
    registry: new Registry(),
    ...overrides,
  })
  await service.init()
  return { service, logs: sink.lines, stateKey }
}

export const defaultConfig = () => loadServiceConfig({ env: { MLSKIT_DELIVERY_DRIVER: "none" } })
