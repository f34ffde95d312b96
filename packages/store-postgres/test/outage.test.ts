/**
 * A real outage: the local PostgreSQL cluster is stopped in the middle of a
 * stream of compare-and-swap writes and started again. Calls during the
 * outage fail with retryable StorageErrors, the store recovers by itself, and
 * no acknowledged write is lost. The server is always restarted (finally),
 * and this file runs alone (fileParallelism: false).
 */
import type { MlskitError } from "@mlskit/core"
import {
  expectMlskitError,
  fixtureBytes,
  groupFixture,
  identityFixture,
} from "@mlskit/core/testing"
import { describe, expect, it } from "vitest"
import { openPostgresStore } from "../src/index.js"
import { clusterUncontrollable, startServer, stopServer } from "../src/testing/index.js"
import { CasWriter } from "./cas-writer.js"
import {
  dropSchema,
  PG_URL,
  POSTGRES_TESTS_RUN,
  randomSchema,
  SERVICES_REQUIRED,
} from "./pg-service.js"

const uncontrollable = clusterUncontrollable()
if (uncontrollable !== undefined && !SERVICES_REQUIRED) {
  console.warn(
    `skipping the PostgreSQL outage test: ${uncontrollable}; set MLSKIT_REQUIRE_SERVICES=1 to fail instead`,
  )
}
const outageTestRuns = POSTGRES_TESTS_RUN && (uncontrollable === undefined || SERVICES_REQUIRED)

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.runIf(outageTestRuns)("a PostgreSQL restart in the middle of writes", () => {
  it("fails calls during the outage with retryable StorageErrors, recovers, and keeps every acknowledged write", async () => {
    const schema = randomSchema()
    const store = await openPostgresStore({
      connection: { connectionString: PG_URL, max: 4 },
      schema,
    })
    try {
      await store.createIdentity(identityFixture("alice"))
      const writer = new CasWriter(store, await store.createGroup(groupFixture("alice", "alice.g")))
      await writer.writeAcknowledged(20)

      const failures: MlskitError[] = []
      let acknowledgedBeforeOutage = writer.lastAck
      try {
        let stopped = false
        const stopping = stopServer().finally(() => {
          stopped = true
        })
        while (!stopped || failures.length === 0) {
          const outcome = await writer.attempt()
          if (outcome.ok) continue
          failures.push(outcome.error)
          await pause(10)
        }
        await stopping
        acknowledgedBeforeOutage = writer.lastAck
        const update = { epoch: 0, state: fixtureBytes(0) }
        for (const call of [
          () => store.getGroup("alice.g"),
          () => store.listIdentities(),
          () => store.updateGroup("alice.g", writer.expected, update),
          () => store.consumeKeyPackage("00"),
        ]) {
          failures.push(await expectMlskitError(call(), "STORAGE_ERROR"))
        }
      } finally {
        await startServer()
      }
      for (const failure of failures) {
        expect(failure).toMatchObject({ code: "STORAGE_ERROR", retryable: true })
      }

      const afterRestart = await store.getGroup("alice.g")
      if (afterRestart === undefined) throw new Error("the group is gone after the restart")
      const { version } = acknowledgedBeforeOutage
      if (afterRestart.version === version) {
        expect(afterRestart).toStrictEqual(acknowledgedBeforeOutage)
      } else {
        expect(afterRestart.version).toBe(version + 1)
        expect(writer.attemptedAt(version + 1)).toContainEqual(afterRestart.state)
      }

      writer.resume(afterRestart)
      await writer.writeAcknowledged(20)
      expect(await store.getGroup("alice.g")).toStrictEqual(writer.lastAck)
      expect(writer.lastAck.version).toBe(afterRestart.version + 20)
    } finally {
      await store.close()
      await dropSchema(schema)
    }
  }, 180_000)
})
