/**
 * The OpenMLS column of the providers benchmark: the same group sizes and
 * the same operations as the MlsClient lanes, run through
 * `@mlskit/openmls-harness` (Wire's core-crypto 10.3.0, OpenMLS compiled to
 * WASM) in the same process. An owner sends and commits, an existing member
 * processes; fillers come from the same FillerPool as the other lanes (wire
 * format key packages, validated by core-crypto). core-crypto keeps its
 * state in its own in-memory keystore, which it writes inside each
 * transaction and never encrypts: unlike the mlskit rows, no state is sealed
 * (AES-GCM) or written to an mlskit store after an operation.
 */
import { randomBytes } from "node:crypto"
import { OpenMlsMember } from "@mlskit/openmls-harness"
import { type AddRemoveTimings, measureAddRemoveCycle } from "../cases/add-remove.js"
import { type MessageTimings, measureMessagePair } from "../cases/messages.js"
import type { FillerPool } from "./filler-pool.js"

/** Key packages per setup commit, as in GroupFixture. */
const SETUP_BATCH = 250

/** An OpenMLS group under test: owner, one existing member, filler members. */
export class OpenMlsLane {
  private joiners = 0

  private constructor(
    private readonly owner: OpenMlsMember,
    private readonly member: OpenMlsMember,
    private readonly groupId: Uint8Array,
    private members: number,
  ) {}

  /** A two-member group: the owner created it and the member joined from the Welcome. */
  static async create(): Promise<OpenMlsLane> {
    const owner = await OpenMlsMember.create("owner")
    const member = await OpenMlsMember.create("member")
    const groupId = new Uint8Array(randomBytes(16))
    await owner.createGroup(groupId)
    const { welcome } = await owner.addMembers(groupId, await member.keyPackages(1))
    await member.join(welcome)
    return new OpenMlsLane(owner, member, groupId, 2)
  }

  /** Current number of members. */
  get size(): number {
    return this.members
  }

  /** Add filler members in batches until the group has `target` members. */
  async growTo(target: number, fillers: FillerPool): Promise<void> {
    while (this.members < target) {
      const count = Math.min(SETUP_BATCH, target - this.members)
      const { commit } = await this.owner.addMembers(this.groupId, await fillers.take(count))
      await this.expectCommit(commit)
      this.members += count
    }
  }

  /** `count` self-updates by the owner, processed by the member, as the other lanes do. */
  async advanceEpochs(count: number): Promise<void> {
    for (let i = 0; i < count; i++)
      await this.expectCommit(await this.owner.selfUpdate(this.groupId))
  }

  /** Time `iterations` encryptions of `bytes`-byte plaintexts by the owner, then their decryption. */
  measureMessages(bytes: number, iterations: number, warmup: number): Promise<MessageTimings> {
    return measureMessagePair(
      {
        send: (plaintext) => this.owner.encrypt(this.groupId, plaintext),
        receive: async (ciphertext) => (await this.member.decrypt(this.groupId, ciphertext)).kind,
      },
      bytes,
      iterations,
      warmup,
    )
  }

  /**
   * The add/join/remove cycle of `cases/add-remove.ts`, the removal by client
   * id (core-crypto has no removal by leaf index).
   */
  measureAddRemove(iterations: number, timeRemove: boolean): Promise<AddRemoveTimings> {
    let joiner: OpenMlsMember | undefined
    const current = () => {
      if (!joiner) throw new Error("no joiner in this cycle")
      return joiner
    }
    return measureAddRemoveCycle(
      {
        joinerKeyPackages: async () => {
          joiner = await OpenMlsMember.create(`joiner-${this.joiners++}`)
          return joiner.keyPackages(1)
        },
        add: (keyPackages) => this.owner.addMembers(this.groupId, keyPackages),
        process: (commit) => this.expectCommit(commit),
        join: async (added) => {
          await current().join(added.welcome)
        },
        remove: () => this.owner.removeMembers(this.groupId, [current().identity]),
        forget: () => current().forget(this.groupId),
      },
      iterations,
      timeRemove,
    )
  }

  /** The member processes a commit of the owner. */
  private async expectCommit(commit: Uint8Array): Promise<void> {
    const out = await this.member.decrypt(this.groupId, commit)
    if (out.kind !== "commit") throw new Error(`expected a commit, got ${out.kind}`)
  }
}
