/**
 * One OpenMLS client: a core-crypto instance on an in-memory keystore with a
 * basic credential on suite 1, behind byte-in, byte-out calls that match
 * what `@mlskit/core`'s MlsClient takes and returns.
 */
import { randomUUID } from "node:crypto"
import type {
  ClientId,
  CommitBundle,
  ConversationId,
  CoreCrypto,
  CoreCryptoContext,
  CredentialRef,
} from "@wireapp/core-crypto/browser"
import { OpenMlsError } from "./errors.js"
import { frameKeyPackage, unframeKeyPackage } from "./framing.js"
import { type CoreCryptoModule, loadCoreCrypto } from "./load.js"

/** MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519. */
export const OPENMLS_SUITE = 1

/** The exporter label core-crypto's `exportSecretKey` uses (with an empty context). */
export const OPENMLS_EXPORTER_LABEL = "exporter"

/** The domain of the harness's client ids (`<uuid>:<device>@<domain>`). */
export const OPENMLS_DOMAIN = "openmls.mlskit.test"

/**
 * A basic-credential identity core-crypto accepts for any member of its
 * groups: it parses every sender's identity as a client id
 * `<uuid>:<device-id>@<domain>` and refuses messages from others, so mlskit
 * members of a mixed group take such a name (as their identity name).
 */
export function clientIdName(device = 1, domain = "mlskit.test"): string {
  if (!Number.isInteger(device) || device < 0)
    throw new OpenMlsError("INVALID_INPUT", "device must be a non-negative integer")
  if (!/^[a-z0-9.-]+$/.test(domain))
    throw new OpenMlsError(
      "INVALID_INPUT",
      "domain must be lower-case letters, digits, dots, dashes",
    )
  return `${randomUUID()}:${device}@${domain}`
}

/** What `addMembers` returns: the commit (already merged locally) and the Welcome. */
export interface OpenMlsAddResult {
  /** MLSMessage bytes of the commit, for the other members to process. */
  commit: Uint8Array
  /** MLSMessage bytes of the Welcome (ratchet tree inside), for the new members. */
  welcome: Uint8Array
}

/** What `decrypt` found in a message. */
export type OpenMlsReceived =
  | { kind: "application"; plaintext: Uint8Array; sender: Uint8Array }
  | { kind: "commit"; active: boolean }
  | { kind: "proposal" }

/** An OpenMLS member (core-crypto 10, WASM build) with one basic credential. */
export class OpenMlsMember {
  private pending: CommitBundle | undefined
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(
    /** The label given to `create`. */
    readonly name: string,
    /** Client id bytes: the identity of this member's basic credential. */
    readonly identity: Uint8Array,
    private readonly cc: CoreCryptoModule,
    private readonly core: CoreCrypto,
    private readonly credential: CredentialRef,
  ) {}

  /** A new member with a fresh client id (`<random uuid>:1@openmls.mlskit.test`). */
  static async create(name: string): Promise<OpenMlsMember> {
    if (typeof name !== "string" || name.length === 0)
      throw new OpenMlsError("INVALID_INPUT", "name must be a non-empty string")
    const cc = await loadCoreCrypto()
    const holder: { member?: OpenMlsMember } = {}
    return wrap("create", async () => {
      const core = cc.CoreCrypto.new(await cc.Database.inMemory())
      const clientId = new cc.ClientId(
        new cc.Uuid(randomUUID()),
        new cc.DeviceId(1n),
        OPENMLS_DOMAIN,
      )
      const suite = cc.cipherSuiteFromU16(OPENMLS_SUITE)
      const credential = await core.transaction(async (ctx) => {
        await ctx.mlsInit(clientId, {
          // core-crypto hands each commit it makes to the transport and merges
          // it once the transport returns: the harness keeps the bundle for
          // the caller, as a delivery service that accepted it would.
          sendCommitBundle: async (bundle) => {
            if (holder.member) holder.member.pending = bundle
          },
          prepareForTransport: async () => new Uint8Array(),
        })
        return ctx.addCredential(cc.Credential.basic(suite, clientId))
      })
      holder.member = new OpenMlsMember(name, clientId.copyBytes(), cc, core, credential)
      return holder.member
    })
  }

  /** `count` fresh key packages, MLSMessage-framed as MlsClient.addMembers takes them. */
  async keyPackages(count: number): Promise<Uint8Array[]> {
    if (!Number.isInteger(count) || count < 1 || count > 1000)
      throw new OpenMlsError("INVALID_INPUT", "count must be an integer from 1 to 1000")
    return this.run("keyPackages", async (ctx) => {
      const out: Uint8Array[] = []
      for (let i = 0; i < count; i++) {
        const kp = await ctx.generateKeyPackage(this.credential)
        out.push(frameKeyPackage(kp.serialize()))
      }
      return out
    })
  }

  /** Create a group with this member alone in it, at epoch 0. */
  async createGroup(groupId: Uint8Array): Promise<void> {
    const id = this.conversation(groupId)
    return this.run("createGroup", (ctx) => ctx.createConversation(id, this.credential))
  }

  /** Commit the addition of members by key package (framed or bare); the commit is merged here. */
  async addMembers(groupId: Uint8Array, keyPackages: Uint8Array[]): Promise<OpenMlsAddResult> {
    const id = this.conversation(groupId)
    if (!Array.isArray(keyPackages) || keyPackages.length === 0)
      throw new OpenMlsError("INVALID_INPUT", "keyPackages must be a non-empty array")
    const bare = keyPackages.map(unframeKeyPackage)
    return this.run("addMembers", async (ctx) => {
      const parsed = bare.map((bytes) => new this.cc.KeyPackage(bytes))
      const bundle = await this.commitWith(() => ctx.addClientsToConversation(id, parsed))
      if (!bundle.welcome) throw new OpenMlsError("CORE_CRYPTO", "the add commit has no Welcome")
      return { commit: bundle.commit, welcome: bundle.welcome.serialize() }
    })
  }

  /**
   * Commit the removal of members, named by their credential identity, which
   * must be a client id `<uuid>:<device>@<domain>` (see `clientIdName`):
   * core-crypto removes by client id only, not by leaf index. Returns the
   * commit, already merged here.
   */
  async removeMembers(groupId: Uint8Array, identities: Uint8Array[]): Promise<Uint8Array> {
    const id = this.conversation(groupId)
    if (!Array.isArray(identities) || identities.length === 0)
      throw new OpenMlsError("INVALID_INPUT", "identities must be a non-empty array")
    const clients = identities.map((identity) => this.clientId(identity))
    return this.run("removeMembers", async (ctx) => {
      const bundle = await this.commitWith(() => ctx.removeClientsFromConversation(id, clients))
      return bundle.commit
    })
  }

  /** Commit an update of this member's own keys (an empty commit with a path); merged here. */
  async selfUpdate(groupId: Uint8Array): Promise<Uint8Array> {
    const id = this.conversation(groupId)
    return this.run("selfUpdate", async (ctx) => {
      const bundle = await this.commitWith(() => ctx.updateKeyingMaterial(id))
      return bundle.commit
    })
  }

  /** Drop this member's local state of the group (core-crypto's wipeConversation). */
  async forget(groupId: Uint8Array): Promise<void> {
    const id = this.conversation(groupId)
    return this.run("forget", (ctx) => ctx.wipeConversation(id))
  }

  /** Join from a Welcome (MLSMessage bytes, ratchet tree inside); returns the group id. */
  async join(welcome: Uint8Array): Promise<Uint8Array> {
    checkBytes(welcome, "welcome")
    return this.run("join", async (ctx) => {
      const joined = await ctx.processWelcomeMessage(new this.cc.Welcome(welcome))
      return joined.copyBytes()
    })
  }

  /** Encrypt an application message; returns MLSMessage (PrivateMessage) bytes. */
  async encrypt(groupId: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
    const id = this.conversation(groupId)
    checkBytes(plaintext, "plaintext", true)
    return this.run("encrypt", (ctx) => ctx.encryptMessage(id, plaintext))
  }

  /** Process a received message: an application message's plaintext, or the kind of handshake. */
  async decrypt(groupId: Uint8Array, message: Uint8Array): Promise<OpenMlsReceived> {
    const id = this.conversation(groupId)
    checkBytes(message, "message")
    return this.run("decrypt", async (ctx): Promise<OpenMlsReceived> => {
      const out = await ctx.decryptMessage(id, message)
      if (this.cc.DecryptedMessage.Text.instanceOf(out))
        return {
          kind: "application",
          plaintext: out.inner.plaintext,
          sender: out.inner.senderClientId.copyBytes(),
        }
      if (this.cc.DecryptedMessage.Commit.instanceOf(out))
        return { kind: "commit", active: out.inner.isActive }
      return { kind: "proposal" }
    })
  }

  /** The group's current epoch. */
  async epoch(groupId: Uint8Array): Promise<number> {
    const id = this.conversation(groupId)
    return this.run("epoch", async (ctx) => Number(await ctx.conversationEpoch(id)))
  }

  /**
   * The MLS exporter of the current epoch with label "exporter" and an empty
   * context (what core-crypto's exportSecretKey derives): equal on every
   * member in the same epoch, whatever the implementation.
   */
  async exportSecret(groupId: Uint8Array, length = 32): Promise<Uint8Array> {
    const id = this.conversation(groupId)
    if (!Number.isInteger(length) || length < 1 || length > 255)
      throw new OpenMlsError("INVALID_INPUT", "length must be an integer from 1 to 255")
    return this.run("exportSecret", async (ctx) =>
      (await ctx.exportSecretKey(id, length)).copyBytes(),
    )
  }

  /** Run `make` (which commits through the transport) and return the bundle it sent. */
  private async commitWith(make: () => Promise<void>): Promise<CommitBundle> {
    this.pending = undefined
    await make()
    const bundle = this.pending as CommitBundle | undefined
    this.pending = undefined
    if (!bundle) throw new OpenMlsError("CORE_CRYPTO", "core-crypto sent no commit")
    return bundle
  }

  /** One transaction at a time per member (the transport slot is shared). */
  private run<T>(operation: string, fn: (ctx: CoreCryptoContext) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => wrap(operation, () => this.core.transaction(fn)))
    this.queue = next.catch(() => undefined)
    return next
  }

  /** The ClientId whose bytes are `identity`; INVALID_INPUT when it is not one. */
  private clientId(identity: Uint8Array): ClientId {
    checkBytes(identity, "identity")
    const text = new TextDecoder().decode(identity)
    const match = /^([0-9a-f-]{36}):(\d{1,19})@([a-z0-9.-]+)$/.exec(text)
    const parsed =
      match?.[1] && match[2] && match[3]
        ? new this.cc.ClientId(
            new this.cc.Uuid(match[1]),
            new this.cc.DeviceId(BigInt(match[2])),
            match[3],
          )
        : undefined
    if (!parsed || !sameBytes(parsed.copyBytes(), identity))
      throw new OpenMlsError("INVALID_INPUT", `identity ${JSON.stringify(text)} is not a client id`)
    return parsed
  }

  private conversation(groupId: Uint8Array): ConversationId {
    checkBytes(groupId, "groupId")
    if (groupId.length > 255) throw new OpenMlsError("INVALID_INPUT", "groupId is over 255 bytes")
    return new this.cc.ConversationId(groupId)
  }
}

/** Run `fn`, turning anything but an OpenMlsError into one with code CORE_CRYPTO. */
async function wrap<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (OpenMlsError.isInstance(err)) throw err
    const detail = describeCoreCryptoError(err)
    throw new OpenMlsError("CORE_CRYPTO", `core-crypto refused ${operation}: ${detail}`, {
      cause: err,
    })
  }
}

/** "CoreCryptoError.Mls / MlsError.Other: <message>" from core-crypto's nested error objects. */
function describeCoreCryptoError(err: unknown): string {
  const parts: string[] = []
  let current: unknown = err
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const { message, inner } = current as { message?: unknown; inner?: unknown }
    if (typeof message === "string") parts.push(message)
    if (typeof inner !== "object" || inner === null) break
    const values = Object.values(inner as Record<string, unknown>)
    const text = values.find((v) => typeof v === "string")
    if (typeof text === "string") {
      parts.push(text)
      break
    }
    current = values.find((v) => typeof v === "object" && v !== null)
  }
  return parts.length > 0 ? parts.join(": ") : String(err)
}

function checkBytes(value: unknown, what: string, allowEmpty = false): void {
  if (!(value instanceof Uint8Array) || (!allowEmpty && value.length === 0))
    throw new OpenMlsError("INVALID_INPUT", `${what} must be a non-empty Uint8Array`)
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}
