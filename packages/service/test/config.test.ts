import { InMemoryStore } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { envVarFor, loadServiceConfig, SERVICE_CONFIG_KEYS, startMlsService } from "../src/index.js"

describe("service config", () => {
  it("has documented defaults", () => {
    const c = loadServiceConfig({ env: {} })
    expect(c.server).toMatchObject({ host: "127.0.0.1", port: 8080 })
    expect(c.metrics).toMatchObject({ port: 9090, path: "/metrics", enabled: true })
    expect(c.storage).toMatchObject({ driver: "sqlite", dataDir: "./data", reservedGenerations: 1 })
    expect(c.shutdown.timeoutMs).toBe(30_000)
    expect(c.mls).toMatchObject({
      ciphersuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
      cryptoProvider: "node",
    })
  })

  it("reads every table from TOML and lets environment variables override any key", () => {
    const c = loadServiceConfig({
      toml: `[mls]\ncrypto_provider = "default"\n[server]\nport = 9000\n[logging]\nlevel = "debug"`,
      env: {
        MLSKIT_SERVER_PORT: "9001",
        MLSKIT_METRICS_ENABLED: "false",
        MLSKIT_MLS_CIPHERSUITE: "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
      },
    })
    expect(c.server.port).toBe(9001)
    expect(c.metrics.enabled).toBe(false)
    expect(c.logging.level).toBe("debug")
    expect(c.mls.cryptoProvider).toBe("default")
    expect(c.mls.ciphersuite).toBe("MLS_128_DHKEMP256_AES128GCM_SHA256_P256")
  })

  it("names the key in every validation error", () => {
    expect(() => loadServiceConfig({ toml: `[server]\nport = "x"`, env: {} })).toThrow(
      /server\.port/,
    )
    expect(() => loadServiceConfig({ toml: `[server]\nprot = 1`, env: {} })).toThrow(
      /server\.prot: unknown key/,
    )
    expect(() => loadServiceConfig({ toml: `[sever]\nport = 1`, env: {} })).toThrow(
      /sever: unknown table/,
    )
    expect(() => loadServiceConfig({ env: { MLSKIT_SERVER_PORT: "eighty" } })).toThrow(
      /server\.port.*MLSKIT_SERVER_PORT/,
    )
    expect(() => loadServiceConfig({ env: { MLSKIT_STORAGE_DRIVER: "mongo" } })).toThrow(
      /storage\.driver/,
    )
    expect(() => loadServiceConfig({ env: { MLSKIT_MLS_PROTOCOL_VERSION: "2" } })).toThrow(
      /mls\.protocol_version/,
    )
    expect(() => loadServiceConfig({ toml: `[storage]\ndriver = "postgres"`, env: {} })).toThrow(
      /storage\.postgres_url/,
    )
    expect(() => loadServiceConfig({ env: { MLSKIT_STORAGE_RESERVED_GENERATIONS: "0" } })).toThrow(
      /storage\.reserved_generations/,
    )
    expect(() =>
      loadServiceConfig({
        toml: `[mls]\nmax_forward_ratchet_steps = 20\n[storage]\nreserved_generations = 11`,
        env: {},
      }),
    ).toThrow(/storage\.reserved_generations: must be at most 10/)
  })

  it("passes storage.reserved_generations to the client: one write covers that many sends", async () => {
    const store = new InMemoryStore()
    const config = loadServiceConfig({
      toml: `[storage]\ndriver = "memory"\nreserved_generations = 4\nstate_key = "${"ab".repeat(32)}"\n[logging]\nlevel = "silent"`,
      env: {},
    })
    const service = await startMlsService(config, { store, processMetrics: false })
    const alice = await service.createIdentity("alice")
    const group = await service.createGroup(alice.id, "reserved")
    const before = (await store.getGroup(group))?.version ?? 0
    for (let i = 0; i < 8; i++) await service.sendMessage(group, new Uint8Array([i]))
    expect((await store.getGroup(group))?.version).toBe(before + 2)
    expect((await service.shutdown.shutdown("test finished")).ok).toBe(true)
  })

  it("lists every key with its environment variable", () => {
    expect(SERVICE_CONFIG_KEYS).toContain("storage.state_key")
    expect(envVarFor("storage.state_key")).toBe("MLSKIT_STORAGE_STATE_KEY")
    for (const key of SERVICE_CONFIG_KEYS) expect(envVarFor(key)).toMatch(/^MLSKIT_[A-Z_]+$/)
  })
})
