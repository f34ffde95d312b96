/**
 * One member added and removed again, so the group keeps its size: the owner
 * commits the add, the existing member processes it, the new member joins
 * from the Welcome (ratchet tree inside), then the owner removes the new
 * member and the existing member processes that commit. Removal is timed
 * only when asked.
 */
import type { GroupFixture } from "../lib/group-fixture.js"
import { yieldToEventLoop } from "../lib/measure.js"
import { type Stats, summarize } from "../lib/stats.js"

/** Timings of the add-one cycle. */
export interface AddRemoveTimings {
  add: Stats
  processAdd: Stats
  join: Stats
  remove?: Stats
  processRemove?: Stats
}

/** Run `iterations` add/join/remove cycles on the fixture. */
export async function measureAddRemove(
  fx: GroupFixture,
  iterations: number,
  timeRemove: boolean,
): Promise<AddRemoveTimings> {
  const samples = { add: [], processAdd: [], join: [], remove: [], processRemove: [] } as Record<
    keyof AddRemoveTimings,
    number[]
  >
  const time = async <T>(into: number[] | undefined, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now()
    const value = await fn()
    into?.push(performance.now() - start)
    return value
  }
  const { client } = fx
  for (let i = 0; i < iterations; i++) {
    const joiner = await client.createIdentity(`joiner-${fx.size}-${i}`)
    const keyPackages = await client.generateKeyPackages(joiner.id, 1)
    const added = await time(samples.add, () => client.addMembers(fx.owner, keyPackages))
    await time(samples.processAdd, () => client.processMessage(fx.member, added.commit))
    const joined = await time(samples.join, () => client.joinGroup(joiner.id, added.welcome))
    client.evict(joined)
    const leaf = added.addedLeafIndices[0]
    if (leaf === undefined) throw new Error("the add commit added no leaf")
    const removal = await time(timeRemove ? samples.remove : undefined, () =>
      client.removeMembers(fx.owner, [leaf]),
    )
    await time(timeRemove ? samples.processRemove : undefined, () =>
      client.processMessage(fx.member, removal),
    )
    await yieldToEventLoop()
  }
  return {
    add: summarize(samples.add),
    processAdd: summarize(samples.processAdd),
    join: summarize(samples.join),
    ...(timeRemove
      ? { remove: summarize(samples.remove), processRemove: summarize(samples.processRemove) }
      : {}),
  }
}
