/** Opening a JetStream group log: refused configuration, too old servers, the stream created or updated. */
import { ConfigError, StorageError } from "@mlskit/core"
import { jetstreamManager } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import { afterEach, describe, expect, it } from "vitest"
import { checkServerVersion, openJetStreamGroupLog } from "../src/index.js"
import { deleteStream, describeWithNats, NATS_URL, randomStream } from "./nats-service.js"

describe("server version check", () => {
  it("accepts 2.9 and later and refuses older or unknown versions with ConfigError", () => {
    for (const ok of ["2.9.0", "2.9.10", "2.10.4", "2.11.0-beta.1", "3.0.0"]) {
      expect(() => checkServerVersion(ok)).not.toThrow()
    }
    for (const old of ["2.8.4", "2.2.0", "1.4.1", "", undefined, "x.y"]) {
      expect(() => checkServerVersion(old)).toThrow(ConfigError)
    }
  })
})

describe("refused options", () => {
  it("refuses bad stream names, prefixes, replicas and limits with ConfigError or INVALID_INPUT before connecting", async () => {
    const servers = "nats://127.0.0.1:1" // never dialled: the options are refused first
    for (const options of [
      { stream: "has.dot" },
      { stream: "" },
      { subjectPrefix: "a.*" },
      { subjectPrefix: "a..b" },
      { subjectPrefix: "a b" },
      { replicas: 0 },
      { replicas: 1.5 },
    ]) {
      await expect(openJetStreamGroupLog({ servers, ...options })).rejects.toBeInstanceOf(
        ConfigError,
      )
    }
    await expect(
      openJetStreamGroupLog({ servers, retention: { maxEntries: 0 } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
    await expect(openJetStreamGroupLog({ servers, maxMessageBytes: 2 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
  })

  it("reports an unreachable server as a retryable StorageError", async () => {
    const error = await openJetStreamGroupLog({ servers: "nats://127.0.0.1:1" }).catch((e) => e)
    expect(error).toBeInstanceOf(StorageError)
    expect(error.retryable).toBe(true)
  })
})

describeWithNats("the stream", () => {
  const names = randomStream()

  afterEach(async () => {
    await deleteStream(names.stream)
  })

  it("is created with file storage and updated by a later open", async () => {
    const first = await openJetStreamGroupLog({ servers: NATS_URL, ...names })
    await first.close()
    const second = await openJetStreamGroupLog({
      servers: NATS_URL,
      ...names,
      retention: { maxEntries: 50 },
    })
    await second.close()
    const nc = await connect({ servers: NATS_URL })
    try {
      const { config } = await (await jetstreamManager(nc)).streams.info(names.stream)
      expect(config.storage).toBe("file")
      expect(config.num_replicas).toBe(1)
      expect(config.max_msgs_per_subject).toBe(50)
      expect(config.subjects).toContain(`${names.subjectPrefix}.*`)
    } finally {
      await nc.close()
    }
  })

  it("refuses a message limit the server's max_payload cannot carry with ConfigError", async () => {
    const error = await openJetStreamGroupLog({
      servers: NATS_URL,
      ...names,
      maxMessageBytes: 64 * 1024 * 1024,
    }).catch((e) => e)
    expect(error).toBeInstanceOf(ConfigError)
  })
})
