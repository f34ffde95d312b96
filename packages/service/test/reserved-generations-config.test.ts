/**
 * `storage.reserved_generations` > 1 keeps a reservation of sending
 * generations in one instance's memory. With PostgreSQL, another instance
 * may commit to the same group (remove a member) without the first one
 * noticing, and its next sends use the old epoch, readable by the removed
 * member. So the combination is refused at start unless the operator
 * declares a single writer (`storage.single_writer = true`).
 */
import { fileURLToPath } from "node:url"
import { ConfigError, InMemoryStore } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import { loadServiceConfig, type ServiceConfig, startMlsService } from "../src/index.js"

const PG = { MLSKIT_STORAGE_POSTGRES_URL: "postgres://db.example/mlskit" }
const SERVER_TOML = fileURLToPath(new URL("../../../apps/server/mlskit.toml", import.meta.url))
/** The reference server's own tables in its shipped file, which the service leaves to it. */
const SERVER_TABLES = ["server", "metrics", "auth"]

function refusal(load: () => unknown): ConfigError {
  try {
    load()
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error("the configuration was accepted")
}

describe("storage.reserved_generations with PostgreSQL", () => {
  it("refuses reserved_generations > 1 with driver postgres, naming both keys and the way out", () => {
    const error = refusal(() =>
      loadServiceConfig({
        toml: `[storage]\ndriver = "postgres"\nreserved_generations = 16`,
        env: PG,
      }),
    )
    expect(error.code).toBe("CONFIG_ERROR")
    expect(error.key).toBe("storage.reserved_generations")
    expect(error.message).toMatch(/storage\.reserved_generations/)
    expect(error.message).toMatch(/storage\.driver/)
    expect(error.message).toMatch(/storage\.single_writer = true/)
  })

  it("refuses the shipped server config (16 reserved) when the driver is switched to postgres by environment", () => {
    const error = refusal(() =>
      loadServiceConfig({
        file: SERVER_TOML,
        appTables: SERVER_TABLES,
        env: { ...PG, MLSKIT_STORAGE_DRIVER: "postgres" },
      }),
    )
    expect(error.key).toBe("storage.reserved_generations")
  })

  it("accepts it when storage.single_writer = true declares a single writer, in TOML or by environment", () => {
    const fromToml = loadServiceConfig({
      toml: `[storage]\ndriver = "postgres"\nreserved_generations = 16\nsingle_writer = true`,
      env: PG,
    })
    expect(fromToml.storage).toMatchObject({ reservedGenerations: 16, singleWriter: true })
    const fromEnv = loadServiceConfig({
      file: SERVER_TOML,
      appTables: SERVER_TABLES,
      env: { ...PG, MLSKIT_STORAGE_DRIVER: "postgres", MLSKIT_STORAGE_SINGLE_WRITER: "true" },
    })
    expect(fromEnv.storage).toMatchObject({ reservedGenerations: 16, singleWriter: true })
  })

  it("accepts one reserved generation on postgres, and many on sqlite or memory", () => {
    expect(
      loadServiceConfig({ toml: `[storage]\ndriver = "postgres"`, env: PG }).storage.singleWriter,
    ).toBe(false)
    expect(
      loadServiceConfig({ file: SERVER_TOML, appTables: SERVER_TABLES, env: {} }).storage,
    ).toMatchObject({
      driver: "sqlite",
      reservedGenerations: 16,
    })
    expect(
      loadServiceConfig({
        toml: `[storage]\ndriver = "memory"\nreserved_generations = 16`,
        env: {},
      }).storage.reservedGenerations,
    ).toBe(16)
  })

  it("refuses to start a service from a configuration built without the loader", async () => {
    const valid = loadServiceConfig({ toml: `[storage]\ndriver = "postgres"`, env: PG })
    const config: ServiceConfig = {
      ...valid,
      storage: { ...valid.storage, reservedGenerations: 16 },
    }
    await expect(
      startMlsService(config, { store: new InMemoryStore(), processMetrics: false }),
    ).rejects.toMatchObject({ code: "CONFIG_ERROR", key: "storage.reserved_generations" })
  })
})
