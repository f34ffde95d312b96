/**
 * Health and `mls_active_groups` count the groups of the shared store, so
 * every instance on one PostgreSQL schema reports the same: an idle replica
 * is not "degraded, 0 active groups" while the other instance holds groups,
 * and a fresh install with no group at all is healthy (an empty service is
 * not a fault).
 */
import { generateStateKey } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import type { MlsService } from "../src/index.js"
import {
  dropSchema,
  POSTGRES_TESTS_RUN,
  randomSchema,
  startPostgresService,
  stopService,
} from "./postgres.js"

/** The value of an unlabelled series in a scrape of the service's registry. */
async function gauge(service: MlsService, series: string): Promise<number> {
  const line = (await service.registry.metrics())
    .split("\n")
    .find((l) => l.startsWith(`${series} `))
  return line === undefined ? Number.NaN : Number(line.split(" ")[1])
}

/** Health details and the gauge of one instance, side by side. */
async function report(service: MlsService) {
  const health = await service.healthCheck()
  return {
    status: health.status,
    details: health.details,
    gauge: await gauge(service, "mls_active_groups"),
    health: await gauge(service, "mls_service_health_status"),
  }
}

const reportOf = (n: number) => ({
  status: "healthy",
  details: `${n} active group${n === 1 ? "" : "s"}`,
  gauge: n,
  health: 0,
})

describe.runIf(POSTGRES_TESTS_RUN)("two service instances on one PostgreSQL schema", () => {
  it("are healthy with 0 active groups on a fresh install", async () => {
    const schema = randomSchema()
    const stateKey = generateStateKey()
    const a = await startPostgresService(schema, stateKey)
    const b = await startPostgresService(schema, stateKey)
    try {
      expect(await report(a)).toStrictEqual(reportOf(0))
      expect(await report(b)).toStrictEqual(reportOf(0))
    } finally {
      await stopService(a)
      await stopService(b)
      await dropSchema(schema)
    }
  })

  it("count on the idle instance B the groups created, joined and left through A", async () => {
    const schema = randomSchema()
    const stateKey = generateStateKey()
    const a = await startPostgresService(schema, stateKey)
    const b = await startPostgresService(schema, stateKey)
    try {
      const alice = await a.createIdentity("alice")
      const bob = await a.createIdentity("bob")
      const carol = await a.createIdentity("carol")
      const groupId = await a.createGroup(alice.id, "team")
      expect(await report(b)).toStrictEqual(reportOf(1))

      const keyPackages = [
        ...(await a.generateKeyPackages(bob.id, 1)),
        ...(await a.generateKeyPackages(carol.id, 1)),
      ]
      const { welcome } = await a.addMembers(groupId, keyPackages)
      const bobGroup = await a.joinGroup(bob.id, welcome)
      const carolGroup = await a.joinGroup(carol.id, welcome)
      expect(await report(b)).toStrictEqual(reportOf(3))

      const removal = await a.removeMembers(groupId, [1])
      expect((await a.processMessage(bobGroup, removal)).kind).toBe("removed")
      expect(await report(b)).toStrictEqual(reportOf(2))

      await a.leaveGroup(carolGroup)
      expect(await report(b)).toStrictEqual(reportOf(1))
      expect(await report(a)).toStrictEqual(reportOf(1))
    } finally {
      await stopService(a)
      await stopService(b)
      await dropSchema(schema)
    }
  })
})
