/**
 * A real ts-mls group for the external-roster tests: members named by their
 * basic identity (alice, bob, ...), messages made by ts-mls itself, a log of
 * the accepted entries, and the roster the Delivery Service follows from
 * that log. `accept` appends a message the way the DS would and lets every
 * other member process it, so the roster can be compared with the leaves of
 * the members' real ratchet trees after each step.
 */
import {
  acceptAll,
  type CiphersuiteImpl,
  type ClientState,
  createApplicationMessage,
  createCommit,
  createGroup,
  createGroupInfoWithExternalPubAndRatchetTree,
  createProposal,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  joinGroupExternal,
  type KeyPackage,
  type PrivateKeyPackage,
  type Proposal,
  processMessage,
  type Welcome,
} from "ts-mls"
import { followEntry, newRoster, type Roster } from "../src/index.js"

const SUITE_NAME = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
/** The ciphersuite id of SUITE_NAME. */
export const SUITE = 1

const utf8 = new TextEncoder()
const text = new TextDecoder()

/** A message a member made, not yet accepted into the log. */
export interface Made {
  bytes: Uint8Array
  by: string
  newState: ClientState
  welcome?: Welcome
}

/** A key package with its private part. */
export interface Package {
  publicPackage: KeyPackage
  privatePackage: PrivateKeyPackage
}

let suite: Promise<CiphersuiteImpl> | undefined
/** The ts-mls implementation of the tests' ciphersuite. */
export function cipherSuite(): Promise<CiphersuiteImpl> {
  suite ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME))
  return suite
}

/** A fresh key package of `name` (basic credential). */
export async function keyPackageOf(name: string): Promise<Package> {
  return generateKeyPackage(
    { credentialType: "basic", identity: utf8.encode(name) },
    defaultCapabilities(),
    defaultLifetime,
    [],
    await cipherSuite(),
  )
}

/** The identities per leaf index of a ts-mls state's ratchet tree, without trailing blanks. */
export function treeLeaves(state: ClientState): (string | null)[] {
  const leaves: (string | null)[] = []
  for (let node = 0; node < state.ratchetTree.length; node += 2) {
    const leaf = state.ratchetTree[node]
    if (leaf?.nodeType === "leaf" && leaf.leaf.credential.credentialType === "basic") {
      leaves.push(text.decode(leaf.leaf.credential.identity))
    } else {
      leaves.push(null)
    }
  }
  while (leaves.length > 0 && leaves[leaves.length - 1] === null) leaves.pop()
  return leaves
}

/** A real group, its log and the roster followed from the log. */
export class RealGroup {
  readonly states = new Map<string, ClientState>()
  readonly packages = new Map<string, Package>()
  roster: Roster
  seq = 0

  private constructor(
    readonly cs: CiphersuiteImpl,
    creator: string,
    state: ClientState,
  ) {
    this.states.set(creator, state)
    this.roster = newRoster(SUITE, creator)
  }

  /** A group created by `creator` and registered with the DS (roster at seq 0). */
  static async create(creator: string): Promise<RealGroup> {
    const cs = await cipherSuite()
    const kp = await keyPackageOf(creator)
    const state = await createGroup(
      utf8.encode("followed group"),
      kp.publicPackage,
      kp.privatePackage,
      [],
      cs,
    )
    return new RealGroup(cs, creator, state)
  }

  /** The current state of a member. */
  state(name: string): ClientState {
    const state = this.states.get(name)
    if (state === undefined) throw new Error(`${name} is not a member`)
    return state
  }

  /** A key package for a future member, remembered so it can join from a Welcome. */
  async invite(name: string): Promise<KeyPackage> {
    const kp = await keyPackageOf(name)
    this.packages.set(name, kp)
    return kp.publicPackage
  }

  /** A commit by `by` with inline proposals (and any pending ones by reference). */
  async commit(by: string, proposals: Proposal[] = [], publicMessage = true): Promise<Made> {
    const result = await createCommit(
      { state: this.state(by), cipherSuite: this.cs },
      { wireAsPublicMessage: publicMessage, ratchetTreeExtension: true, extraProposals: proposals },
    )
    const made: Made = { bytes: encodeMlsMessage(result.commit), by, newState: result.newState }
    if (result.welcome !== undefined) made.welcome = result.welcome
    return made
  }

  /** A proposal by `by`, as a PublicMessage unless `publicMessage` is false. */
  async propose(by: string, proposal: Proposal, publicMessage = true): Promise<Made> {
    const result = await createProposal(this.state(by), publicMessage, proposal, this.cs)
    return { bytes: encodeMlsMessage(result.message), by, newState: result.newState }
  }

  /** An application message (always a PrivateMessage). */
  async send(by: string, body: string): Promise<Made> {
    const result = await createApplicationMessage(this.state(by), utf8.encode(body), this.cs)
    const bytes = encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_private_message",
      privateMessage: result.privateMessage,
    })
    return { bytes, by, newState: result.newState }
  }

  /** An external commit of `name` joining from a GroupInfo that `from` publishes. */
  async externalJoin(name: string, from: string): Promise<Made> {
    const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(
      this.state(from),
      [],
      this.cs,
    )
    const kp = await keyPackageOf(name)
    const joined = await joinGroupExternal(
      groupInfo,
      kp.publicPackage,
      kp.privatePackage,
      false,
      this.cs,
    )
    const bytes = encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_public_message",
      publicMessage: joined.publicMessage,
    })
    return { bytes, by: name, newState: joined.newState }
  }

  /**
   * Accept a message into the log: the roster follows it (this throws when
   * followEntry refuses it, and then nothing else changes), its sender
   * keeps its new state, members still in the group process it, and
   * invited members join from its Welcome.
   */
  async accept(made: Made): Promise<Roster> {
    const roster = await followEntry(this.roster, { seq: this.seq + 1, message: made.bytes })
    this.seq += 1
    this.roster = roster
    const remaining = new Set(treeLeaves(made.newState))
    for (const [name, state] of this.states) {
      if (name === made.by) continue
      if (!remaining.has(name)) {
        this.states.delete(name)
        continue
      }
      const decoded = decodeMlsMessage(made.bytes, 0)?.[0]
      if (
        decoded?.wireformat !== "mls_public_message" &&
        decoded?.wireformat !== "mls_private_message"
      ) {
        throw new Error("not a protocol message")
      }
      const result = await processMessage(decoded, state, emptyPskIndex, acceptAll, this.cs)
      this.states.set(name, result.newState)
    }
    this.states.set(made.by, made.newState)
    if (made.welcome !== undefined) {
      for (const [name, kp] of this.packages) {
        if (!remaining.has(name) || this.states.has(name)) continue
        const state = await joinGroup(
          made.welcome,
          kp.publicPackage,
          kp.privatePackage,
          emptyPskIndex,
          this.cs,
        )
        this.states.set(name, state)
        this.packages.delete(name)
      }
    }
    return roster
  }

  /** The leaves every member's real tree agrees on (throws when members disagree). */
  realLeaves(): (string | null)[] {
    const views = [...this.states.values()].map((state) => JSON.stringify(treeLeaves(state)))
    const first = views[0]
    if (first === undefined || views.some((view) => view !== first)) {
      throw new Error(`members disagree on the tree: ${views.join(" / ")}`)
    }
    return JSON.parse(first) as (string | null)[]
  }

  /** The epoch every member is at. */
  realEpoch(): number {
    const epochs = new Set(
      [...this.states.values()].map((state) => Number(state.groupContext.epoch)),
    )
    if (epochs.size !== 1) throw new Error("members disagree on the epoch")
    return [...epochs][0] as number
  }
}
