/**
 * Two service instances on one PostgreSQL schema (same state key) race on
 * the same group. In every round both load the group fresh from the store
 * (so both hold the same version) and both commit at once: a self update,
 * or an add of a different new member each. The store's compare-and-swap
 * lets exactly one commit per epoch in; the other instance gets a
 * ConflictError, drops its cached state and works on the new epoch with its
 * next call. Bob, a member who processes only the winning commits, stays in
 * sync with both instances.
 */
import { generateStateKey, toHex } from "@mlskit/core"
import { describe, expect, it } from "vitest"
import type { MlsService } from "../src/index.js"
import { str, text } from "./helpers.js"
import {
  dropSchema,
  POSTGRES_TESTS_RUN,
  randomSchema,
  startPostgresService,
  stopService,
  storedGroup,
} from "./postgres.js"

const ROUNDS = 20

type Commit = { commit: Uint8Array; welcome?: Uint8Array }

describe.runIf(POSTGRES_TESTS_RUN)(
  "two service instances racing on one group in one PostgreSQL schema",
  () => {
    it(`lets exactly one commit per epoch win in each of ${ROUNDS} rounds; the other gets ConflictError, and both converge with a peer`, async () => {
      const schema = randomSchema()
      const stateKey = generateStateKey()
      const instances = await Promise.all([
        startPostgresService(schema, stateKey),
        startPostgresService(schema, stateKey),
      ])
      const [a, b] = instances
      const instance = (i: number): MlsService => (i === 0 ? a : b)
      try {
        const alice = await a.createIdentity("alice")
        const bob = await a.createIdentity("bob")
        const group = await a.createGroup(alice.id, "race")
        const { welcome } = await a.addMembers(group, await a.generateKeyPackages(bob.id, 1))
        const bobGroup = await a.joinGroup(bob.id, welcome)
        const setup = await storedGroup(schema, group)
        const wins = [0, 0]
        let conflicts = 0

        for (let round = 1; round <= ROUNDS; round++) {
          const loadFresh = (service: MlsService) => {
            service.client.evict(group)
            return service.group(group)
          }
          const [atA, atB] = await Promise.all([loadFresh(a), loadFresh(b)])
          expect(atB.version).toBe(atA.version)
          const epoch = atA.epoch

          const adding = round % 2 === 0
          const newcomers = adding
            ? await Promise.all(instances.map((s, i) => s.createIdentity(`member-${round}-${i}`)))
            : []
          const keyPackages = await Promise.all(
            newcomers.map((n, i) => instance(i).generateKeyPackages(n.id, 1)),
          )
          const commitFrom = (service: MlsService, i: number): Promise<Commit> =>
            adding
              ? service.addMembers(group, keyPackages[i] ?? [])
              : service.selfUpdate(group).then((commit) => ({ commit }))

          const outcomes = await Promise.allSettled(instances.map(commitFrom))
          const winner = outcomes.findIndex((o) => o.status === "fulfilled")
          const loser = 1 - winner
          const won = outcomes[winner]
          const lost = outcomes[loser]
          expect(outcomes.map((o) => o.status).sort()).toStrictEqual(["fulfilled", "rejected"])
          if (won?.status !== "fulfilled" || lost?.status !== "rejected")
            throw new Error("unreachable")
          expect(lost.reason).toMatchObject({
            name: "ConflictError",
            code: "CONFLICT",
            retryable: true,
          })
          wins[winner] = (wins[winner] ?? 0) + 1
          conflicts++

          expect(await a.processMessage(bobGroup, won.value.commit)).toMatchObject({
            kind: "commit",
            epoch: epoch + 1,
          })
          const fromLoser = await instance(loser).sendMessage(group, text(`round ${round}`))
          const received = await a.processMessage(bobGroup, fromLoser)
          expect(
            received.kind === "application" && [received.epoch, str(received.plaintext)],
          ).toStrictEqual([epoch + 1, `round ${round}`])

          const authenticators = [
            await a.client.epochAuthenticator(group),
            await b.client.epochAuthenticator(group),
            await a.client.epochAuthenticator(bobGroup),
          ]
          if (adding) {
            const newcomer = newcomers[winner]
            const welcome = won.value.welcome
            if (newcomer === undefined || welcome === undefined) throw new Error("no welcome")
            const joined = await instance(winner).joinGroup(newcomer.id, welcome)
            authenticators.push(await instance(winner).client.epochAuthenticator(joined))
          }
          expect(new Set(authenticators.map(toHex)).size).toBe(1)
        }

        expect(conflicts).toBe(ROUNDS)
        const stored = await storedGroup(schema, group)
        expect(stored.epoch).toBe(setup.epoch + ROUNDS)
        // One winning commit and one message per round: a losing commit wrote nothing.
        expect(stored.version).toBe(setup.version + 2 * ROUNDS)
        expect((await a.members(bobGroup)).length).toBe(2 + ROUNDS / 2)
        console.info(
          `race: ${ROUNDS} rounds, ${conflicts} conflicts, wins by instance: ${wins.join("/")}`,
        )
      } finally {
        await Promise.all(instances.map(stopService))
        await dropSchema(schema)
      }
    }, 120_000)
  },
)
