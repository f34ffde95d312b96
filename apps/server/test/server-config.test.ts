/**
 * The server's own tables (`[server]`, `[metrics]`, `[auth]`) next to the
 * service's in one document: defaults, TOML, environment overrides, typos
 * refused in every table, and the body limit following the message limit.
 */
import { fileURLToPath } from "node:url"
import { envVarFor, SERVICE_CONFIG_KEYS } from "@mlskit/service"
import { describe, expect, it } from "vitest"
import { bodyLimitFor, loadServerConfig, SERVER_CONFIG_KEYS, SERVER_TABLES } from "../src/index.js"

const SHIPPED_TOML = fileURLToPath(new URL("../mlskit.toml", import.meta.url))

describe("server config", () => {
  it("has documented defaults", () => {
    const c = loadServerConfig({ env: {} })
    expect(c.server).toEqual({
      host: "127.0.0.1",
      port: 8080,
      bodyLimitBytes: bodyLimitFor(1024 * 1024),
      requestTimeoutMs: 30_000,
    })
    expect(c.metrics).toEqual({ enabled: true, host: "127.0.0.1", port: 9090, path: "/metrics" })
    expect(c.auth).toEqual({ adminToken: "", adminTokenFile: "", tokenRefreshIntervalMs: 5_000 })
    expect(c.storage).toMatchObject({ driver: "sqlite", dataDir: "./data" })
    expect(c.mls.maxMessageBytes).toBe(1024 * 1024)
  })

  it("reads the server's and the service's tables from one TOML; environment variables override any key", () => {
    const c = loadServerConfig({
      toml: `[mls]\ncrypto_provider = "default"\n[server]\nport = 9000\nhost = "0.0.0.0"\n[auth]\ntoken_refresh_interval_ms = 1000\n[logging]\nlevel = "debug"`,
      env: {
        MLSKIT_SERVER_PORT: "9001",
        MLSKIT_METRICS_ENABLED: "false",
        MLSKIT_METRICS_PATH: "/prom",
        MLSKIT_AUTH_ADMIN_TOKEN_FILE: "/run/secrets/admin",
        MLSKIT_SERVER_REQUEST_TIMEOUT_MS: "5000",
      },
    })
    expect(c.server).toMatchObject({ port: 9001, host: "0.0.0.0", requestTimeoutMs: 5000 })
    expect(c.metrics).toMatchObject({ enabled: false, path: "/prom" })
    expect(c.auth).toMatchObject({
      adminTokenFile: "/run/secrets/admin",
      tokenRefreshIntervalMs: 1000,
    })
    expect(c.logging.level).toBe("debug")
    expect(c.mls.cryptoProvider).toBe("default")
  })

  it("names the key in every validation error, in the server's tables and the service's", () => {
    const load =
      (toml: string, env: Record<string, string> = {}) =>
      () =>
        loadServerConfig({ toml, env })
    expect(load(`[server]\nport = "x"`)).toThrow(/server\.port/)
    expect(load(`[server]\nprot = 1`)).toThrow(/server\.prot: unknown key/)
    expect(load(`[metrics]\nenbled = false`)).toThrow(/metrics\.enbled: unknown key/)
    expect(load(`[auth]\nadmin_tokn = "x"`)).toThrow(/auth\.admin_tokn: unknown key/)
    expect(load(`[sever]\nport = 1`)).toThrow(/sever: unknown table/)
    expect(load(`[storage]\ndrvier = "memory"`)).toThrow(/storage\.drvier: unknown key/)
    expect(load("", { MLSKIT_SERVER_PORT: "eighty" })).toThrow(/server\.port.*MLSKIT_SERVER_PORT/)
    expect(load("", { MLSKIT_METRICS_ENABLED: "maybe" })).toThrow(/metrics\.enabled/)
    expect(load("", { MLSKIT_AUTH_TOKEN_REFRESH_INTERVAL_MS: "10" })).toThrow(
      /auth\.token_refresh_interval_ms: must be an integer from 100/,
    )
    expect(load("", { MLSKIT_SERVER_BODY_LIMIT_BYTES: "10" })).toThrow(
      /server\.body_limit_bytes: must be an integer from 1024/,
    )
    expect(load("", { MLSKIT_STORAGE_DRIVER: "mongo" })).toThrow(/storage\.driver/)
  })

  it("sizes the body limit for the largest message unless server.body_limit_bytes is set", () => {
    const following = loadServerConfig({ toml: `[mls]\nmax_message_bytes = 3000`, env: {} })
    expect(following.mls.maxMessageBytes).toBe(3000)
    expect(following.server.bodyLimitBytes).toBe(4000 + 64 * 1024)
    const fromEnv = loadServerConfig({ env: { MLSKIT_MLS_MAX_MESSAGE_BYTES: "6000" } })
    expect(fromEnv.server.bodyLimitBytes).toBe(bodyLimitFor(6000))
    const set = loadServerConfig({
      toml: `[mls]\nmax_message_bytes = 3000\n[server]\nbody_limit_bytes = 2048`,
      env: {},
    })
    expect(set.server.bodyLimitBytes).toBe(2048)
    expect(set.mls.maxMessageBytes).toBe(3000)
    expect(
      loadServerConfig({ env: { MLSKIT_SERVER_BODY_LIMIT_BYTES: "16384" } }).server.bodyLimitBytes,
    ).toBe(16384)
  })

  it("loads the shipped mlskit.toml", () => {
    const c = loadServerConfig({ file: SHIPPED_TOML, env: {} })
    expect(c.server).toMatchObject({ host: "127.0.0.1", port: 8080 })
    expect(c.storage.reservedGenerations).toBe(16)
  })

  it("lists every key, the service's and its own, each with its environment variable", () => {
    expect(SERVER_TABLES).toEqual(["server", "metrics", "auth"])
    for (const key of SERVICE_CONFIG_KEYS) expect(SERVER_CONFIG_KEYS).toContain(key)
    expect(SERVER_CONFIG_KEYS).toContain("server.body_limit_bytes")
    expect(SERVER_CONFIG_KEYS).toContain("auth.token_refresh_interval_ms")
    expect(envVarFor("server.body_limit_bytes")).toBe("MLSKIT_SERVER_BODY_LIMIT_BYTES")
    for (const key of SERVER_CONFIG_KEYS) expect(envVarFor(key)).toMatch(/^MLSKIT_[A-Z_]+$/)
  })
})
