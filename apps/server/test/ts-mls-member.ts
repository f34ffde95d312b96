/**
 * An MLS member whose keys live in the test process: ts-mls used directly,
 * as a browser or another app would, never through the server's core. It
 * makes its own key packages, joins from a Welcome, processes log entries
 * and makes messages and commits (commits as PublicMessage).
 */
import {
  acceptAll,
  type CiphersuiteImpl,
  type ClientState,
  createApplicationMessage,
  createCommit,
  createGroup,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  type KeyPackage,
  type MLSMessage,
  type PrivateKeyPackage,
  type Proposal,
  processMessage,
} from "ts-mls"

export const SUITE = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url")
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, "base64url"))

/** Decode MLSMessage bytes, whole. */
export function decodeMessage(bytes: Uint8Array): MLSMessage {
  const decoded = decodeMlsMessage(bytes, 0)
  if (!decoded) throw new Error("not an MLSMessage")
  return decoded[0]
}

/** One member whose keys stay in this process. */
export class TsMlsMember {
  state: ClientState | undefined
  /** Key packages made and not yet used to join, by their encoded bytes (base64url). */
  private readonly packages = new Map<
    string,
    { publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }
  >()
  /** Plaintexts received, in log order. */
  readonly received: string[] = []
  /** The last log seq processed. */
  seq = 0

  private constructor(
    readonly name: string,
    readonly cs: CiphersuiteImpl,
  ) {}

  static async create(name: string): Promise<TsMlsMember> {
    return new TsMlsMember(name, await getCiphersuiteImpl(getCiphersuiteFromName(SUITE)))
  }

  /** Make `count` key packages as MLSMessage bytes (base64url). */
  async keyPackages(count: number): Promise<string[]> {
    const out: string[] = []
    for (let i = 0; i < count; i++) {
      const kp = await generateKeyPackage(
        { credentialType: "basic", identity: new TextEncoder().encode(this.name) },
        defaultCapabilities(),
        defaultLifetime,
        [],
        this.cs,
      )
      const bytes = encodeMlsMessage({
        version: "mls10",
        wireformat: "mls_key_package",
        keyPackage: kp.publicPackage,
      })
      this.packages.set(b64(bytes), kp)
      out.push(b64(bytes))
    }
    return out
  }

  /** Create a group with this member alone; returns its id (base64url). */
  async createGroup(): Promise<string> {
    const [kp] = await this.keyPackages(1)
    const own = this.packages.get(kp as string)
    if (!own) throw new Error("no key package")
    const groupId = crypto.getRandomValues(new Uint8Array(16))
    this.state = await createGroup(groupId, own.publicPackage, own.privatePackage, [], this.cs)
    return b64(groupId)
  }

  /** Join from a Welcome made for one of this member's key packages (the tree comes in the Welcome). */
  async join(welcomeB64: string, seq: number): Promise<void> {
    const message = decodeMessage(unb64(welcomeB64))
    if (message.wireformat !== "mls_welcome") throw new Error("not a welcome")
    let lastError: unknown
    for (const kp of this.packages.values()) {
      try {
        this.state = await joinGroup(
          message.welcome,
          kp.publicPackage,
          kp.privatePackage,
          emptyPskIndex,
          this.cs,
        )
        this.seq = seq
        return
      } catch (err) {
        lastError = err
      }
    }
    throw lastError
  }

  get epoch(): number {
    return Number(this.live().groupContext.epoch)
  }

  get epochAuthenticator(): string {
    return b64(this.live().keySchedule.epochAuthenticator)
  }

  /** Process one log entry (seq order); its own entries are skipped by the caller. */
  async process(entry: { seq: number; message: string }): Promise<"application" | "handshake"> {
    const message = decodeMessage(unb64(entry.message))
    if (message.wireformat !== "mls_private_message" && message.wireformat !== "mls_public_message")
      throw new Error(`unexpected ${message.wireformat}`)
    const result = await processMessage(message, this.live(), emptyPskIndex, acceptAll, this.cs)
    this.state = result.newState
    this.seq = entry.seq
    if (result.kind === "applicationMessage") {
      this.received.push(new TextDecoder().decode(result.message))
      return "application"
    }
    return "handshake"
  }

  /** An application message (PrivateMessage), as base64url; the state moves on. */
  async message(text: string): Promise<string> {
    const out = await createApplicationMessage(this.live(), new TextEncoder().encode(text), this.cs)
    this.state = out.newState
    return b64(
      encodeMlsMessage({
        version: "mls10",
        wireformat: "mls_private_message",
        privateMessage: out.privateMessage,
      }),
    )
  }

  /**
   * A commit (PublicMessage, ratchet tree in the Welcome) with `proposals`,
   * NOT applied: `pending` is the state to keep once the log accepted it.
   */
  async commit(
    proposals: Proposal[] = [],
    options: { publicMessage?: boolean } = {},
  ): Promise<{ commit: string; welcome?: string; pending: ClientState }> {
    const out = await createCommit(
      { state: this.live(), cipherSuite: this.cs },
      {
        wireAsPublicMessage: options.publicMessage ?? true,
        extraProposals: proposals,
        ratchetTreeExtension: true,
      },
    )
    return {
      commit: b64(encodeMlsMessage(out.commit)),
      ...(out.welcome
        ? {
            welcome: b64(
              encodeMlsMessage({
                version: "mls10",
                wireformat: "mls_welcome",
                welcome: out.welcome,
              }),
            ),
          }
        : {}),
      pending: out.newState,
    }
  }

  /** Add members by their key packages (base64url MLSMessages). */
  addProposals(keyPackages: string[]): Proposal[] {
    return keyPackages.map((kp) => {
      const message = decodeMessage(unb64(kp))
      if (message.wireformat !== "mls_key_package") throw new Error("not a key package")
      return { proposalType: "add", add: { keyPackage: message.keyPackage } }
    })
  }

  /** The leaf index of the member named `name`, from this member's tree. */
  leafOf(name: string): number {
    const tree = this.live().ratchetTree
    for (let node = 0; node < tree.length; node += 2) {
      const n = tree[node]
      if (n?.nodeType !== "leaf") continue
      const credential = n.leaf.credential
      if (
        credential.credentialType === "basic" &&
        new TextDecoder().decode(credential.identity) === name
      )
        return node / 2
    }
    throw new Error(`${name} is not in the tree`)
  }

  /** Names in the tree. */
  members(): string[] {
    const names: string[] = []
    for (const n of this.live().ratchetTree) {
      if (n?.nodeType !== "leaf") continue
      if (n.leaf.credential.credentialType === "basic")
        names.push(new TextDecoder().decode(n.leaf.credential.identity))
    }
    return names.sort()
  }

  private live(): ClientState {
    if (!this.state) throw new Error(`${this.name} is in no group`)
    return this.state
  }
}
