/**
 * Two service instances on one PostgreSQL schema (same state key) race on
 * the same group. In every round both load the group fresh from the store
 * (so both hold the same version) and both commit at once: a self update,
 * or an add of a different new member each. The store's compare-and-swap
 * lets one commit in first; the other instance's write loses, so it reloads
 * and commits again on the winner's epoch (its first commit never left the
 * process). Bob, a member who processes both commits in order, stays in
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
    it(`lets both racing commits in, one epoch after the other, in each of ${ROUNDS} rounds, and both converge with a peer`, async () => {
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

          const commits = await Promise.all(instances.map(commitFrom))
          // Offered first, second, first: bob rejects the commit that is early or already
          // applied (changing nothing) and applies each in turn; the first applied won.
          const applied: number[] = []
          for (const i of [0, 1, 0]) {
            const r = await a.processMessage(bobGroup, commits[i]!.commit).catch(() => undefined)
            if (r) {
              expect(r).toMatchObject({ kind: "commit", epoch: epoch + 1 + applied.length })
              applied.push(i)
            }
          }
          expect([...applied].sort()).toStrictEqual([0, 1])
          const [winner, loser] = applied as [number, number]
          wins[winner] = (wins[winner] ?? 0) + 1

          for (const i of [winner, loser]) {
            const fromInstance = await instance(i).sendMessage(group, text(`round ${round}`))
            const received = await a.processMessage(bobGroup, fromInstance)
            expect(
              received.kind === "application" && [received.epoch, str(received.plaintext)],
            ).toStrictEqual([epoch + 2, `round ${round}`])
          }

          const authenticators = [
            await a.client.epochAuthenticator(group),
            await b.client.epochAuthenticator(group),
            await a.client.epochAuthenticator(bobGroup),
          ]
          if (adding) {
            for (const i of [winner, loser]) {
              const newcomer = newcomers[i]
              const welcome = commits[i]?.welcome
              if (newcomer === undefined || welcome === undefined) throw new Error("no welcome")
              const joined = await instance(i).joinGroup(newcomer.id, welcome)
              // The winner's newcomer joined one epoch early: the loser's commit follows.
              if (i === winner) await instance(i).processMessage(joined, commits[loser]!.commit)
              authenticators.push(await instance(i).client.epochAuthenticator(joined))
            }
          }
          expect(new Set(authenticators.map(toHex)).size).toBe(1)
        }

        const stored = await storedGroup(schema, group)
        expect(stored.epoch).toBe(setup.epoch + 2 * ROUNDS)
        // Two commits and two messages per round: a commit or send whose write lost wrote nothing.
        expect(stored.version).toBe(setup.version + 4 * ROUNDS)
        expect((await a.members(bobGroup)).length).toBe(2 + ROUNDS)
        console.info(`race: ${ROUNDS} rounds, first commits by instance: ${wins.join("/")}`)
      } finally {
        await Promise.all(instances.map(stopService))
        await dropSchema(schema)
      }
    }, 120_000)
  },
)
