/**
 * One member added and removed again, so the group keeps its size: the owner
 * commits the add, the existing member processes it, the new member joins
 * from the Welcome (ratchet tree inside), then the owner removes the new
 * member and the existing member processes that commit. Removal is timed
 * only when asked. Through core (`measureAddRemove`) or through any other
 * implementation's steps (`measureAddRemoveCycle`, used by the OpenMLS
 * column).
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

/** The steps of one cycle in one implementation; `Added` is what the add returns. */
export interface AddRemoveSteps<Added extends { commit: Uint8Array; welcome: Uint8Array }> {
  /** Key packages of a new joiner (untimed). */
  joinerKeyPackages(cycle: number): Promise<Uint8Array[]>
  /** The owner commits the add. */
  add(keyPackages: Uint8Array[]): Promise<Added>
  /** The existing member processes an owner's commit. */
  process(commit: Uint8Array): Promise<void>
  /** The joiner joins from the Welcome. */
  join(added: Added): Promise<void>
  /** The owner commits the joiner's removal. */
  remove(added: Added): Promise<Uint8Array>
  /** Drop what the joiner keeps (untimed). */
  forget(): Promise<void>
}

/** Run `iterations` add/join/remove cycles through `steps`. */
export async function measureAddRemoveCycle<
  Added extends { commit: Uint8Array; welcome: Uint8Array },
>(
  steps: AddRemoveSteps<Added>,
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
  for (let i = 0; i < iterations; i++) {
    const keyPackages = await steps.joinerKeyPackages(i)
    const added = await time(samples.add, () => steps.add(keyPackages))
    await time(samples.processAdd, () => steps.process(added.commit))
    await time(samples.join, () => steps.join(added))
    const removal = await time(timeRemove ? samples.remove : undefined, () => steps.remove(added))
    await time(timeRemove ? samples.processRemove : undefined, () => steps.process(removal))
    await steps.forget()
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

/** The cycle through core, on the fixture's client. */
export function measureAddRemove(
  fx: GroupFixture,
  iterations: number,
  timeRemove: boolean,
): Promise<AddRemoveTimings> {
  const { client } = fx
  let joinerId = ""
  let joined: Awaited<ReturnType<typeof client.joinGroup>> | undefined
  return measureAddRemoveCycle(
    {
      async joinerKeyPackages(cycle) {
        joinerId = (await client.createIdentity(`joiner-${fx.size}-${cycle}`)).id
        return client.generateKeyPackages(joinerId, 1)
      },
      add: (keyPackages) => client.addMembers(fx.owner, keyPackages),
      async process(commit) {
        await client.processMessage(fx.member, commit)
      },
      async join(added) {
        joined = await client.joinGroup(joinerId, added.welcome)
      },
      remove(added) {
        const leaf = added.addedLeafIndices[0]
        if (leaf === undefined) throw new Error("the add commit added no leaf")
        return client.removeMembers(fx.owner, [leaf])
      },
      async forget() {
        if (joined) client.evict(joined)
      },
    },
    iterations,
    timeRemove,
  )
}
