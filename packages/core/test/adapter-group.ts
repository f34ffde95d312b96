/**
 * A real group driven through core's ts-mls adapter, for tests that need
 * group states step by step (state codec, parent-hash verification).
 */
import { DEFAULT_MLS_CONFIG } from "../src/config.js"
import * as mls from "../src/mls-adapter.js"

export const SUITE = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const
export const clientConfig = mls.clientConfigFor(DEFAULT_MLS_CONFIG)

/**
 * A group driven through the adapter the way MlsClient drives it: every new
 * state is encoded (persisted) before the secrets it consumed are zeroed.
 * Any member commits; every other member processes each commit.
 */
export class Group {
  readonly states: mls.ClientState[] = []
  private names = 0

  private constructor(
    readonly cs: mls.CiphersuiteImpl,
    readonly publicMessage: boolean,
  ) {}

  static async create(members: number, publicMessage: boolean): Promise<Group> {
    const group = new Group(await mls.loadCiphersuite(SUITE), publicMessage)
    const creator = await group.keyPackage()
    group.states.push(
      await mls.createGroupState(new Uint8Array([7, 7]), creator, group.cs, clientConfig),
    )
    await group.add(members - 1)
    return group
  }

  async keyPackage(): Promise<mls.GeneratedKeyPackage> {
    const keys = await mls.generateSignatureKeyPair(this.cs)
    return mls.generateKeyPackage(`m${this.names++}`, keys, this.cs)
  }

  /** Commit `proposals` from member `from`; members at `skip` do not process it. */
  async commit(proposals: mls.CommitOptions["proposals"], skip: number[] = [], from = 0) {
    const out = await mls.commit(this.states[from]!, this.cs, undefined, {
      proposals,
      publicMessage: this.publicMessage,
      ratchetTreeExtension: true,
    })
    this.replace(from, out.newState, out.consumed)
    const msg = mls.decodeProtocolMessage(out.commit)
    for (let i = 0; i < this.states.length; i++) {
      if (i === from || skip.includes(i)) continue
      const processed = await mls.processProtocolMessage(this.states[i]!, msg, this.cs, undefined)
      this.replace(i, processed.newState, processed.consumed)
    }
    return out
  }

  /** Add `count` new members in one commit by member `from`; they join from its Welcome. */
  async add(count: number, from = 0): Promise<void> {
    const kps = await Promise.all(Array.from({ length: count }, () => this.keyPackage()))
    const out = await this.commit(
      kps.map((kp) => mls.addProposal(kp.publicPackage)),
      [],
      from,
    )
    const welcome = mls.decodeWelcomeInput(out.welcome)
    for (const kp of kps) {
      const state = await mls.joinGroupState(
        welcome,
        kp.publicPackage,
        kp.privatePackage,
        this.cs,
        clientConfig,
        undefined,
        undefined,
      )
      mls.encodeState(state)
      this.states.push(state)
    }
  }

  /** Remove the member at `index` of `states` (its leaf is its position in the tree). */
  async remove(index: number): Promise<void> {
    const leaf = mls.ownLeafIndex(this.states[index]!)
    await this.commit([mls.removeProposal(leaf)], [index])
    this.states.splice(index, 1)
  }

  async message(from: number, to: number): Promise<void> {
    const sent = await mls.encryptApplication(
      this.states[from]!,
      new Uint8Array([1, 2, 3]),
      new Uint8Array(),
      this.cs,
    )
    this.replace(from, sent.newState, sent.consumed)
    const msg = mls.decodeProtocolMessage(sent.message)
    const processed = await mls.processProtocolMessage(this.states[to]!, msg, this.cs, undefined)
    this.replace(to, processed.newState, processed.consumed)
  }

  /** Member 1 sends from the epoch before a commit it has not processed yet; member 0 receives it late. */
  async lateMessage(): Promise<void> {
    const out = await this.commit([], [1])
    await this.message(1, 0)
    const msg = mls.decodeProtocolMessage(out.commit)
    const processed = await mls.processProtocolMessage(this.states[1]!, msg, this.cs, undefined)
    this.replace(1, processed.newState, processed.consumed)
  }

  /** Continue with member `index`'s state as decoded from its stored bytes (a reload). */
  reload(index: number): void {
    this.states[index] = mls.decodeState(mls.encodeState(this.states[index]!), clientConfig)
  }

  private replace(index: number, state: mls.ClientState, consumed: Uint8Array[]): void {
    mls.encodeState(state)
    mls.zeroConsumed(consumed)
    this.states[index] = state
  }
}
