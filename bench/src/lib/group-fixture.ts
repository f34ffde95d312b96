/**
 * A group under test on one MlsClient: an owner who sends and commits, and
 * an existing member who receives and processes every commit. Filler members
 * are added in large batches (one commit per batch) so a 1000-member group is
 * set up in seconds; only single operations are measured on it.
 */
import type { LocalGroupId, MlsClient } from "@mlskit/core"
import type { FillerPool } from "./filler-pool.js"

/** Key packages per setup commit. */
const SETUP_BATCH = 250

/** A group with its owner's and one member's local ids. */
export class GroupFixture {
  private constructor(
    readonly client: MlsClient,
    readonly owner: LocalGroupId,
    readonly member: LocalGroupId,
    private members: number,
  ) {}

  /** A two-member group: the owner created it and the member joined from the Welcome. */
  static async create(client: MlsClient, tag: string): Promise<GroupFixture> {
    const owner = await client.createIdentity(`owner-${tag}`)
    const member = await client.createIdentity(`member-${tag}`)
    const ownerGroup = await client.createGroup(owner.id, `group-${tag}`)
    const { welcome } = await client.addMembers(
      ownerGroup,
      await client.generateKeyPackages(member.id, 1),
    )
    const memberGroup = await client.joinGroup(member.id, welcome)
    return new GroupFixture(client, ownerGroup, memberGroup, 2)
  }

  /** Current number of members. */
  get size(): number {
    return this.members
  }

  /**
   * Commit `count` self-updates (the member processes each), so the state
   * holds as many past epochs as a long-lived group does (core keeps
   * `retainEpochs`, 4 by default, for late messages).
   */
  async advanceEpochs(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await this.client.processMessage(this.member, await this.client.selfUpdate(this.owner))
    }
  }

  /** Add filler members in batches until the group has `target` members. */
  async growTo(target: number, fillers: FillerPool): Promise<void> {
    while (this.members < target) {
      const count = Math.min(SETUP_BATCH, target - this.members)
      const { commit } = await this.client.addMembers(this.owner, await fillers.take(count))
      await this.client.processMessage(this.member, commit)
      this.members += count
    }
  }
}
