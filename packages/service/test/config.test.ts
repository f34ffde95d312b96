import { InMemoryStore } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import {
  envVarFor,
  loadServiceConfig,
  readConfigDocument,
  SERVICE_CONFIG_KEYS,
  SERVICE_CONFIG_TABLES,
  startMlsService,
} from "../src/index.js"

const MEMORY = `[storage]\ndriver = "memory"\nstate_key = "${"ab".repeat(32)}"\n[logging]\nlevel = "silent"`

describe("service config", () => {
  it("reads [delivery]: store by default, every key validated and overridable", () => {
    const d = loadServiceConfig({ env: {} }).delivery
    expect(d).toEqual({
      driver: "store",
      natsUrl: "nats://127.0.0.1:4222",
      natsStream: "MLSKIT_GROUP_LOG",
      natsSubjectPrefix: "mlskit.log",
      natsReplicas: 1,
      applyAckWaitMs: 30_000,
      autoJoin: true,
      maxCommitAttempts: 5,
      keyPackageTarget: 5,
      keyPackageLastResort: true,
      futureEpochRetries: 3,
      logMaxEntries: 0,
      logMaxAgeMs: 0,
      inboxMaxEntries: 0,
      inboxMaxAgeMs: 0,
    })
    const c = loadServiceConfig({
      toml: '[delivery]\ndriver = "none"\nmax_commit_attempts = 2',
      env: { MLSKIT_DELIVERY_AUTO_JOIN: "false", MLSKIT_DELIVERY_KEY_PACKAGE_TARGET: "9" },
    })
    expect(c.delivery).toMatchObject({
      driver: "none",
      maxCommitAttempts: 2,
      autoJoin: false,
      keyPackageTarget: 9,
    })
    expect(() => loadServiceConfig({ toml: '[delivery]\ndriver = "kafka"', env: {} })).toThrow(
      /delivery.driver: must be one of "store", "nats", "none"/,
    )
    expect(
      loadServiceConfig({
        toml: '[delivery]\ndriver = "nats"\nnats_url = "nats://nats:4222"\nnats_replicas = 3',
        env: { MLSKIT_DELIVERY_APPLY_ACK_WAIT_MS: "5000" },
      }).delivery,
    ).toMatchObject({
      driver: "nats",
      natsUrl: "nats://nats:4222",
      natsReplicas: 3,
      applyAckWaitMs: 5000,
    })
    expect(() => loadServiceConfig({ toml: "[delivery]\nnats_replicas = 9", env: {} })).toThrow(
      /delivery.nats_replicas: must be an integer from 1 to 5/,
    )
    expect(() => loadServiceConfig({ toml: "[delivery]\nauto_joins = true", env: {} })).toThrow(
      /delivery.auto_joins: unknown key/,
    )
    expect(() =>
      loadServiceConfig({ toml: "[delivery]\nmax_commit_attempts = 0", env: {} }),
    ).toThrow(/delivery.max_commit_attempts: must be an integer from 1 to 100/)
  })

  it("turns hosted delivery on for driver store and off for none", async () => {
    for (const driver of ["store", "none"]) {
      const config = loadServiceConfig({
        toml: `${MEMORY}\n[delivery]\ndriver = "${driver}"`,
        env: {},
      })
      const service = await startMlsService(config, { processMetrics: false })
      expect(service.deliveryOn).toBe(driver === "store")
      await service.shutdown.shutdown("test done")
    }
  })

  it("has documented defaults", () => {
    const c = loadServiceConfig({ env: {} })
    expect(c.storage).toMatchObject({ driver: "sqlite", dataDir: "./data", reservedGenerations: 1 })
    expect(c.shutdown.timeoutMs).toBe(30_000)
    expect(c.mls).toMatchObject({
      ciphersuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
      cryptoProvider: "node",
      maxMessageBytes: 1024 * 1024,
    })
  })

  it("reads every table from TOML and lets environment variables override any key", () => {
    const c = loadServiceConfig({
      toml: `[mls]\ncrypto_provider = "default"\nmax_message_bytes = 4096\n[storage]\ncache_size = 7\n[logging]\nlevel = "debug"`,
      env: {
        MLSKIT_STORAGE_CACHE_SIZE: "8",
        MLSKIT_SHUTDOWN_SNAPSHOT: "off",
        MLSKIT_MLS_MAX_MESSAGE_BYTES: "8192",
        MLSKIT_MLS_CIPHERSUITE: "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
      },
    })
    expect(c.storage.cacheSize).toBe(8)
    expect(c.shutdown.snapshot).toBe("off")
    expect(c.mls.maxMessageBytes).toBe(8192)
    expect(c.logging.level).toBe("debug")
    expect(c.mls.cryptoProvider).toBe("default")
    expect(c.mls.ciphersuite).toBe("MLS_128_DHKEMP256_AES128GCM_SHA256_P256")
  })

  it("names the key in every validation error", () => {
    expect(() => loadServiceConfig({ toml: `[storage]\ncache_size = "x"`, env: {} })).toThrow(
      /storage\.cache_size/,
    )
    expect(() => loadServiceConfig({ toml: `[storage]\ndrvier = "memory"`, env: {} })).toThrow(
      /storage\.drvier: unknown key/,
    )
    expect(() => loadServiceConfig({ toml: `[mls]\nmax_mesage_bytes = 1`, env: {} })).toThrow(
      /mls\.max_mesage_bytes: unknown key/,
    )
    expect(() => loadServiceConfig({ toml: `[stroage]\ndriver = "memory"`, env: {} })).toThrow(
      /stroage: unknown table/,
    )
    expect(() => loadServiceConfig({ env: { MLSKIT_STORAGE_CACHE_SIZE: "many" } })).toThrow(
      /storage\.cache_size.*MLSKIT_STORAGE_CACHE_SIZE/,
    )
    expect(() => loadServiceConfig({ env: { MLSKIT_MLS_MAX_MESSAGE_BYTES: "100" } })).toThrow(
      /mls\.max_message_bytes: must be an integer from 1024/,
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

  it("refuses an application's table unless the application names it, and leaves it alone", () => {
    const toml = `[server]\nport = "not checked here"\n[logging]\nlevel = "warn"`
    expect(() => loadServiceConfig({ toml, env: {} })).toThrow(/server: unknown table/)
    const document = readConfigDocument({ toml })
    const c = loadServiceConfig({ document, env: {}, appTables: ["server"] })
    expect(c.logging.level).toBe("warn")
    expect(c).not.toHaveProperty("server")
    expect(() =>
      loadServiceConfig({ document: { ...document, sever: {} }, env: {}, appTables: ["server"] }),
    ).toThrow(/sever: unknown table/)
    expect(SERVICE_CONFIG_TABLES).toEqual(["mls", "storage", "shutdown", "logging", "delivery"])
  })

  it("gives core the message limit of mls.max_message_bytes", async () => {
    const config = loadServiceConfig({
      toml: MEMORY,
      env: { MLSKIT_MLS_MAX_MESSAGE_BYTES: "2048" },
    })
    const service = await startMlsService(config, { processMetrics: false })
    const alice = await service.createIdentity("alice")
    const group = await service.createGroup(alice.id, "limits")
    await service.sendMessage(group, new Uint8Array(2048))
    await expect(service.sendMessage(group, new Uint8Array(2049))).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("the limit is 2048"),
    })
    expect((await service.shutdown.shutdown("test finished")).ok).toBe(true)
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
    expect(SERVICE_CONFIG_KEYS).toContain("mls.max_message_bytes")
    expect(SERVICE_CONFIG_KEYS.filter((k) => /^(server|metrics|auth)\./.test(k))).toEqual([])
    expect(envVarFor("storage.state_key")).toBe("MLSKIT_STORAGE_STATE_KEY")
    for (const key of SERVICE_CONFIG_KEYS) expect(envVarFor(key)).toMatch(/^MLSKIT_[A-Z_]+$/)
  })
})
