/**
 * The only module that calls ts-mls. Everything else in core speaks in
 * terms of this adapter, so a migration to another ts-mls major version
 * changes this file alone. Functions here are pure over their inputs: they
 * never persist anything and never reuse a state after it produced output.
 */
import {
  type acceptAll,
  type CiphersuiteImpl,
  type ClientConfig,
  type ClientState,
  type CryptoProvider,
  ciphersuites,
  createApplicationMessage,
  createCommit,
  createGroup,
  createGroupInfoWithExternalPubAndRatchetTree,
  createProposal,
  decodeMlsMessage,
  defaultCapabilities,
  defaultCryptoProvider,
  defaultLifetime,
  encodeMlsMessage,
  type GroupInfo,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  joinGroupExternal,
  type KeyPackage,
  type MLSMessage,
  makePskIndex,
  mlsExporter,
  nobleCryptoProvider,
  type PrivateKeyPackage,
  type PrivateMessage,
  type Proposal,
  type PskIndex,
  processMessage,
  type RatchetTree,
  type Welcome,
} from "ts-mls"
import { defaultClientConfig } from "ts-mls/clientConfig.js"
import type { GroupState } from "ts-mls/clientState.js"
import { uint64Encoder } from "ts-mls/codec/number.js"
import { decodeOptional } from "ts-mls/codec/optional.js"
import { type Decoder, mapDecoder, mapDecoders } from "ts-mls/codec/tlsDecoder.js"
import { encode } from "ts-mls/codec/tlsEncoder.js"
import {
  decodeBigintMap,
  decodeVarLenData,
  decodeVarLenType,
  lengthEncoder,
  varLenDataEncoder,
} from "ts-mls/codec/variableLength.js"
import { decodeEpochReceiverData, type EpochReceiverData } from "ts-mls/epochReceiverData.js"
import { decodeGroupActiveState, groupActiveStateEncoder } from "ts-mls/groupActiveState.js"
import { decodeGroupContext, type GroupContext, groupContextEncoder } from "ts-mls/groupContext.js"
import { decodeKeyPackage, makeKeyPackageRef, verifyKeyPackage } from "ts-mls/keyPackage.js"
import { decodeKeySchedule, keyScheduleEncoder } from "ts-mls/keySchedule.js"
import { verifyLeafNodeSignatureKeyPackage } from "ts-mls/leafNode.js"
import { decodePrivateKeyPath, privateKeyPathEncoder } from "ts-mls/privateKeyPath.js"
import { decryptSenderData } from "ts-mls/privateMessage.js"
import {
  decodeNode,
  decodeRatchetTree,
  extendRatchetTree,
  type Node,
  nodeEncoder,
} from "ts-mls/ratchetTree.js"
import {
  decodeSecretTreeNode,
  ratchetUntil,
  type SecretTree,
  type SecretTreeNode,
  secretTreeNodeEncoder,
} from "ts-mls/secretTree.js"
import { leafToNodeIndex, toLeafIndex } from "ts-mls/treemath.js"
import { decodeUnappliedProposals, unappliedProposalsEncoder } from "ts-mls/unappliedProposals.js"
import { decodeWelcome } from "ts-mls/welcome.js"
import { ByteParts, Memo } from "./byte-parts.js"
import { fromUtf8, toHex } from "./bytes.js"
import type { CiphersuiteName } from "./ciphersuites.js"
import type { MlsConfig } from "./config.js"
import { CryptoError, InternalError, InvalidInputError, InvalidMessageError } from "./errors.js"
import { mapMlsError } from "./mls-errors.js"
import {
  assertDistinctKeys,
  assertMemberCommitProposals,
  assertWelcomeMatchesKeyPackage,
} from "./rfc-checks.js"

/** The exact ts-mls version core is built and tested against; recorded in every sealed blob. */
export const TS_MLS_VERSION = "1.6.4"

export type {
  CiphersuiteImpl,
  ClientConfig,
  ClientState,
  CryptoProvider,
  KeyPackage,
  MLSMessage,
  PrivateKeyPackage,
  RatchetTree,
  Welcome,
}

/** Looks up an external pre-shared key by its id. */
export type ExternalPskResolver = (pskId: Uint8Array) => Uint8Array | undefined

/** A PSK index with resumption PSKs from `state` and external PSKs from `resolver`. */
function pskIndexFor(
  state: ClientState | undefined,
  resolver: ExternalPskResolver | undefined,
): PskIndex {
  const resumption = makePskIndex(state, {})
  return {
    findPsk(id) {
      if (id.psktype === "external") return resolver?.(id.pskId)
      return resumption.findPsk(id)
    },
  }
}

/** A member of a group as seen in the ratchet tree. */
export interface GroupMember {
  leafIndex: number
  /** The basic credential's identity decoded as UTF-8 ("" for non-basic credentials). */
  identity: string
  credentialType: string
  signaturePublicKey: Uint8Array
}

/** One of ts-mls's own crypto providers: "default" (WebCrypto where possible) or "noble" (pure JS). */
export function builtinCryptoProvider(name: "default" | "noble"): CryptoProvider {
  return name === "noble" ? nobleCryptoProvider : defaultCryptoProvider
}

/** The numeric id of a ciphersuite (RFC 9420 section 17.1). */
export function ciphersuiteId(name: CiphersuiteName): number {
  return ciphersuites[name]
}

/** The ciphersuite name for a numeric id, if ts-mls supports it. */
export function ciphersuiteNameFromId(id: number): CiphersuiteName | undefined {
  return (Object.keys(ciphersuites) as CiphersuiteName[]).find((n) => ciphersuites[n] === id)
}

const suiteCache = new WeakMap<object, Map<CiphersuiteName, Promise<CiphersuiteImpl>>>()
const DEFAULT_PROVIDER_KEY = {}

/** The ts-mls implementation of a suite under a crypto provider (cached per provider). */
export function loadCiphersuite(
  name: CiphersuiteName,
  provider?: CryptoProvider,
): Promise<CiphersuiteImpl> {
  const key = provider ?? DEFAULT_PROVIDER_KEY
  let perProvider = suiteCache.get(key)
  if (!perProvider) {
    perProvider = new Map()
    suiteCache.set(key, perProvider)
  }
  let impl = perProvider.get(name)
  if (!impl) {
    impl = getCiphersuiteImpl(getCiphersuiteFromName(name), provider).catch((err: unknown) => {
      perProvider.delete(name)
      throw mapMlsError(err, "crypto")
    })
    perProvider.set(name, impl)
  }
  return impl
}

/** ts-mls client settings derived from core's config. */
export function clientConfigFor(config: MlsConfig): ClientConfig {
  return {
    ...defaultClientConfig,
    keyRetentionConfig: {
      retainKeysForGenerations: Math.max(10, config.maxForwardRatchetSteps),
      retainKeysForEpochs: config.retainEpochs,
      maximumForwardRatchetSteps: config.maxForwardRatchetSteps,
    },
  }
}

/** Generate a signature key pair for the suite. */
export async function generateSignatureKeyPair(
  cs: CiphersuiteImpl,
): Promise<{ publicKey: Uint8Array; signKey: Uint8Array }> {
  try {
    return await cs.signature.keygen()
  } catch (err) {
    throw mapMlsError(err, "crypto")
  }
}

/** A freshly generated key package, its reference and its MLSMessage encoding. */
export interface GeneratedKeyPackage {
  publicPackage: KeyPackage
  privatePackage: PrivateKeyPackage
  ref: string
  message: Uint8Array
}

/** Generate a key package for a basic credential named `name` with an existing signature key. */
export async function generateKeyPackage(
  name: string,
  signatureKeys: { publicKey: Uint8Array; signKey: Uint8Array },
  cs: CiphersuiteImpl,
): Promise<GeneratedKeyPackage> {
  try {
    const credential = {
      credentialType: "basic" as const,
      identity: new TextEncoder().encode(name),
    }
    const { publicPackage, privatePackage } = await generateKeyPackageWithKey(
      credential,
      defaultCapabilities(),
      defaultLifetime,
      [],
      signatureKeys,
      cs,
    )
    const ref = toHex(await makeKeyPackageRef(publicPackage, cs.hash))
    const message = encodeKeyPackageMessage(publicPackage)
    return { publicPackage, privatePackage, ref, message }
  } catch (err) {
    throw mapMlsError(err, "crypto")
  }
}

/** A key package as MLSMessage bytes. */
export function encodeKeyPackageMessage(keyPackage: KeyPackage): Uint8Array {
  return encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage })
}

/** The hex key package reference of a key package. */
export async function keyPackageRef(kp: KeyPackage, cs: CiphersuiteImpl): Promise<string> {
  return toHex(await makeKeyPackageRef(kp, cs.hash))
}

/** Encode the three private keys of a key package for sealing. */
export function encodePrivateKeyPackage(p: PrivateKeyPackage): Uint8Array {
  const parts = [p.initPrivateKey, p.hpkePrivateKey, p.signaturePrivateKey]
  const out = new Uint8Array(parts.reduce((n, b) => n + 4 + b.length, 0))
  const view = new DataView(out.buffer)
  let offset = 0
  for (const part of parts) {
    view.setUint32(offset, part.length)
    out.set(part, offset + 4)
    offset += 4 + part.length
  }
  return out
}

/** Decode what `encodePrivateKeyPackage` produced. */
export function decodePrivateKeyPackage(bytes: Uint8Array): PrivateKeyPackage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const parts: Uint8Array[] = []
  let offset = 0
  for (let i = 0; i < 3; i++) {
    if (offset + 4 > bytes.length)
      throw new InternalError("stored key package private keys are malformed")
    const length = view.getUint32(offset)
    if (offset + 4 + length > bytes.length)
      throw new InternalError("stored key package private keys are malformed")
    parts.push(bytes.slice(offset + 4, offset + 4 + length))
    offset += 4 + length
  }
  return { initPrivateKey: parts[0]!, hpkePrivateKey: parts[1]!, signaturePrivateKey: parts[2]! }
}

/** Decode a whole buffer with a ts-mls decoder; undefined when it fails or leaves trailing bytes. */
function decodeExact<T>(
  decoder: (b: Uint8Array, offset: number) => [T, number] | undefined,
  bytes: Uint8Array,
): T | undefined {
  try {
    const result = decoder(bytes, 0)
    return result && result[1] === bytes.length ? result[0] : undefined
  } catch {
    return undefined
  }
}

function decodeMessage(bytes: Uint8Array): MLSMessage | undefined {
  const msg = decodeExact(decodeMlsMessage, bytes)
  return msg && msg.version === "mls10" ? msg : undefined
}

function requireBytes(input: unknown, what: string): Uint8Array {
  if (!(input instanceof Uint8Array)) throw new InvalidInputError(`${what} must be a Uint8Array`)
  if (input.length === 0) throw new InvalidMessageError(`${what} is empty`)
  return input
}

/** Decode a key package sent as an MLSMessage or as a bare KeyPackage. */
export function decodeKeyPackageInput(bytes: unknown): KeyPackage {
  const b = requireBytes(bytes, "key package")
  const msg = decodeMessage(b)
  if (msg) {
    if (msg.wireformat !== "mls_key_package")
      throw new InvalidMessageError(`expected a key package, got ${msg.wireformat}`)
    return msg.keyPackage
  }
  const bare = decodeExact(decodeKeyPackage, b)
  if (!bare)
    throw new InvalidMessageError(
      "bytes are not a key package (neither MLSMessage nor bare KeyPackage)",
    )
  return bare
}

/**
 * Decode bytes that must be exactly one MLSMessage: undefined when they do
 * not decode or leave trailing bytes. The protocol version is left for the
 * caller to check.
 */
export function decodeMlsMessageExact(bytes: Uint8Array): MLSMessage | undefined {
  return decodeExact(decodeMlsMessage, bytes)
}

/**
 * Whether a key package's signature (KeyPackageTBS) and its leaf node's
 * signature (LeafNodeTBS, source key_package) verify under the leaf node's
 * signature key. A key that does not parse counts as a failed check.
 */
export async function keyPackageSignaturesValid(
  kp: KeyPackage,
  cs: CiphersuiteImpl,
): Promise<{ keyPackage: boolean; leafNode: boolean }> {
  const verified = (check: () => Promise<boolean>) =>
    Promise.resolve()
      .then(check)
      .catch(() => false)
  return {
    keyPackage: await verified(() => verifyKeyPackage(kp, cs.signature)),
    leafNode: await verified(() => verifyLeafNodeSignatureKeyPackage(kp.leafNode, cs.signature)),
  }
}

/** Decode a Welcome sent as an MLSMessage or as a bare Welcome. */
export function decodeWelcomeInput(bytes: unknown): Welcome {
  const b = requireBytes(bytes, "welcome")
  const msg = decodeMessage(b)
  if (msg) {
    if (msg.wireformat !== "mls_welcome")
      throw new InvalidMessageError(`expected a welcome, got ${msg.wireformat}`)
    return msg.welcome
  }
  const bare = decodeExact(decodeWelcome, b)
  if (!bare)
    throw new InvalidMessageError("bytes are not a welcome (neither MLSMessage nor bare Welcome)")
  return bare
}

/** Decode a ratchet tree (the TLS vector of optional nodes, as in the ratchet_tree extension). */
export function decodeRatchetTreeInput(bytes: unknown): RatchetTree {
  const b = requireBytes(bytes, "ratchet tree")
  const tree = decodeExact(decodeRatchetTree, b)
  if (!tree) throw new InvalidMessageError("bytes are not a ratchet tree")
  return tree
}

/** Key package references a Welcome is addressed to, as hex. */
export function welcomeRecipients(welcome: Welcome): string[] {
  return welcome.secrets.map((s) => toHex(s.newMember))
}

/** A decoded protocol message (application, proposal or commit) with its routing facts. */
export interface ProtocolMessage {
  message: MLSMessage & { wireformat: "mls_private_message" | "mls_public_message" }
  groupId: Uint8Array
  epoch: number
  contentType: "application" | "proposal" | "commit"
}

/** Decode bytes that must be a PrivateMessage or PublicMessage. */
export function decodeProtocolMessage(bytes: unknown): ProtocolMessage {
  const b = requireBytes(bytes, "message")
  const msg = decodeMessage(b)
  if (!msg) throw new InvalidMessageError("bytes are not an MLS message")
  if (msg.wireformat === "mls_private_message") {
    const pm = msg.privateMessage
    return {
      message: msg,
      groupId: pm.groupId,
      epoch: Number(pm.epoch),
      contentType: pm.contentType,
    }
  }
  if (msg.wireformat === "mls_public_message") {
    const c = msg.publicMessage.content
    if (c.contentType === "application")
      throw new InvalidMessageError("application data must not be sent as a PublicMessage")
    return { message: msg, groupId: c.groupId, epoch: Number(c.epoch), contentType: c.contentType }
  }
  throw new InvalidMessageError(`expected a protocol message, got ${msg.wireformat}`)
}

/**
 * Encode a group state (without its client config) for sealing, in three
 * length-prefixed segments: the state without ratchet tree and past epochs,
 * the ratchet tree, and the past epochs' receiver data. Each segment holds
 * exactly the bytes ts-mls's own encoders produce for it.
 *
 * ts-mls never mutates a state: its operations copy what they change and
 * keep every unchanged part (tree node, tree, secret tree, past epoch) as
 * the same object. So the encoding of each such object is memoized, and an
 * encoding is the concatenation of memoized parts: a commit costs encoding
 * the tree nodes it changed and its new secret tree plus copying bytes, a
 * message rewriting the secret tree it advanced.
 */
export function encodeState(state: ClientState): Uint8Array {
  const core = coreParts(state)
  const tree = treeBytes.get(state.ratchetTree)
  const history = historyParts.get(state.historicalReceiverData)
  const out = new Uint8Array(1 + 12 + core.length + tree.length + history.length)
  const view = new DataView(out.buffer)
  out[0] = STATE_LAYOUT
  let offset = 1
  for (const segment of [core, new ByteParts().push(tree), history]) {
    view.setUint32(offset, segment.length)
    offset = segment.writeTo(out, offset + 4)
  }
  return out
}

/**
 * Decode a stored group state (see `encodeState`) and attach the client
 * config. Decoding uses ts-mls's decoders; the bytes of every tree node,
 * tree, secret tree and past epoch are remembered, so the next write after a
 * reload reuses them like a write after a cached state does.
 */
export function decodeState(bytes: Uint8Array, clientConfig: ClientConfig): ClientState {
  const [core, tree, history] = splitSegments(bytes)
  const ratchetTree = decodeExact(decodeTreeRemembering, tree)
  const historicalReceiverData = ratchetTree && decodeExact(decodeHistoryRemembering, history)
  const state =
    ratchetTree && historicalReceiverData && decodeExact(decodeCoreRemembering(ratchetTree), core)
  if (!state || !historicalReceiverData)
    throw new InternalError("stored group state cannot be decoded")
  return { ...state, historicalReceiverData, clientConfig }
}

/**
 * Layout marker of `encodeState` output (format 1 of the at-rest blob).
 * Layout 3 has the bytes of layout 2; its secret trees may hold slots not
 * derived yet (the patched ts-mls derives leaves on first use), which a
 * release that reads only layout 2 would take for derived ratchets: it
 * refuses layout 3 as unknown instead. Layout 2 states (fully derived
 * trees) are still read.
 */
const STATE_LAYOUT = 3
const READABLE_STATE_LAYOUTS: ReadonlySet<number> = new Set([2, 3])

const lengthPrefix = encode(lengthEncoder)
const varLenData = encode(varLenDataEncoder)
const uint64 = encode(uint64Encoder)
const PRESENT = new Uint8Array([1])
const ABSENT = new Uint8Array([0])
const EMPTY_VECTOR = new Uint8Array([0])

/** A TLS vector (RFC 9420 section 2.1.2) of the given items: length prefix, then the items. */
function vector(items: ByteParts): ByteParts {
  return new ByteParts().push(lengthPrefix(items.length)).append(items)
}

const nodeBytes = new Memo<Node, Uint8Array>(encode(nodeEncoder))
/** Secret tree nodes that retain generations, through ts-mls's `secretTreeNodeEncoder`. */
const retainingNodeBytes = new Memo<SecretTreeNode, Uint8Array>(encode(secretTreeNodeEncoder))
const groupContextBytes = new Memo<GroupContext, Uint8Array>(encode(groupContextEncoder))

/** ts-mls's `encodeRatchetTree`: optional nodes up to the last non-blank one. */
const treeBytes = new Memo<RatchetTree, Uint8Array>((tree) => {
  let last = tree.length - 1
  while (last >= 0 && tree[last] === undefined) last--
  const items = new ByteParts()
  for (let i = 0; i <= last; i++) {
    const node = tree[i]
    if (node) items.push(PRESENT, nodeBytes.get(node))
    else items.push(ABSENT)
  }
  return vector(items).toBytes()
})

/**
 * ts-mls's `secretTreeEncoder`. A slot of the secret tree is fresh when no
 * ratchet retains a generation: a derived leaf not used yet, a secret not
 * split yet, or the empty placeholder (the patched ts-mls derives leaves on
 * first use, see THIRD_PARTY_NOTICES.md). Fresh slots are written straight
 * into the output, as cheap as copying memoized bytes and without thousands
 * of small allocations; slots that retain generations are encoded once by
 * ts-mls and memoized.
 */
const secretTreeBytes = new Memo<SecretTree, Uint8Array>((tree) => {
  let length = 0
  for (const node of tree) {
    length += isFresh(node)
      ? 12 + node.handshake.secret.length + node.application.secret.length
      : retainingNodeBytes.get(node).length
  }
  const prefix = lengthPrefix(length)
  const out = new Uint8Array(prefix.length + length)
  const view = new DataView(out.buffer)
  out.set(prefix)
  let at = prefix.length
  for (const node of tree) {
    if (!isFresh(node)) {
      const bytes = retainingNodeBytes.get(node)
      out.set(bytes, at)
      at += bytes.length
      continue
    }
    for (const { secret, generation } of [node.handshake, node.application]) {
      out[at] = secret.length // one-byte length prefix (below 64)
      out.set(secret, at + 1)
      view.setUint32(at + 1 + secret.length, generation)
      at += 1 + secret.length + 4
      out[at++] = 0 // empty vector of retained generations
    }
  }
  return out
})

/** True when neither ratchet retains a generation and both secrets take a one-byte length. */
function isFresh(node: SecretTreeNode): boolean {
  const { handshake: h, application: a } = node
  return (
    h.secret.length < 64 &&
    a.secret.length < 64 &&
    isEmpty(h.unusedGenerations) &&
    isEmpty(a.unusedGenerations)
  )
}

function isEmpty(record: object): boolean {
  for (const _ in record) return false
  return true
}

/** ts-mls's `epochReceiverDataEncoder`. */
const epochParts = new Memo<EpochReceiverData, ByteParts>((erd) =>
  new ByteParts().push(
    varLenData(erd.resumptionPsk),
    secretTreeBytes.get(erd.secretTree),
    treeBytes.get(erd.ratchetTree),
    varLenData(erd.senderDataSecret),
    groupContextBytes.get(erd.groupContext),
  ),
)

/** ts-mls's `bigintMapEncoder(epochReceiverDataEncoder)`. */
const historyParts = new Memo<Map<bigint, EpochReceiverData>, ByteParts>((history) => {
  const items = new ByteParts()
  for (const [epoch, erd] of history) items.push(uint64(epoch)).append(epochParts.get(erd))
  return vector(items)
})

const keyScheduleBytes = encode(keyScheduleEncoder)
const privateKeyPathBytes = encode(privateKeyPathEncoder)
const unappliedProposalsBytes = encode(unappliedProposalsEncoder)
const groupActiveStateBytes = encode(groupActiveStateEncoder)

/** ts-mls's `encodeGroupStateWithoutTree` of the state with no past epochs. */
function coreParts(state: ClientState): ByteParts {
  return new ByteParts().push(
    groupContextBytes.get(state.groupContext),
    keyScheduleBytes(state.keySchedule),
    secretTreeBytes.get(state.secretTree),
    privateKeyPathBytes(state.privatePath),
    varLenData(state.signaturePrivateKey),
    unappliedProposalsBytes(state.unappliedProposals),
    varLenData(state.confirmationTag),
    EMPTY_VECTOR,
    groupActiveStateBytes(state.groupActiveState),
  )
}

/**
 * `decoder`, also handing each decoded value and the bytes it came from to
 * `remember`. Stored states are authenticated and were written by
 * `encodeState`, so those bytes are exactly the value's encoding.
 */
function remembering<T>(decoder: Decoder<T>, remember: (value: T, bytes: Uint8Array) => void) {
  return (b: Uint8Array, offset: number): [T, number] | undefined => {
    const decoded = decoder(b, offset)
    if (decoded) remember(decoded[0], b.subarray(offset, offset + decoded[1]))
    return decoded
  }
}

/** ts-mls's `decodeRatchetTree`. */
const decodeTreeRemembering = remembering(
  mapDecoder(
    decodeVarLenType(
      decodeOptional(remembering(decodeNode, (node, b) => nodeBytes.remember(node, b))),
    ),
    extendRatchetTree,
  ),
  (tree, b) => treeBytes.remember(tree, b),
)

/** ts-mls's `decodeSecretTree`. */
const decodeSecretTreeRemembering = remembering(
  decodeVarLenType(
    remembering(decodeSecretTreeNode, (node, b) => {
      if (!isFresh(node)) retainingNodeBytes.remember(node, b)
    }),
  ),
  (tree, b) => secretTreeBytes.remember(tree, b),
)

/** ts-mls's `decodeBigintMap(decodeEpochReceiverData)`. */
const decodeHistoryRemembering = decodeBigintMap(
  remembering(
    mapDecoders(
      [
        decodeVarLenData,
        decodeSecretTreeRemembering,
        decodeTreeRemembering,
        decodeVarLenData,
        decodeGroupContext,
      ],
      (resumptionPsk, secretTree, ratchetTree, senderDataSecret, groupContext) => ({
        resumptionPsk,
        secretTree,
        ratchetTree,
        senderDataSecret,
        groupContext,
      }),
    ),
    (erd, b) => epochParts.remember(erd, new ByteParts().push(b)),
  ),
)

/** ts-mls's `decodeGroupStateWithoutTree(ratchetTree)`. */
function decodeCoreRemembering(ratchetTree: RatchetTree): Decoder<GroupState> {
  return mapDecoders(
    [
      decodeGroupContext,
      decodeKeySchedule,
      decodeSecretTreeRemembering,
      decodePrivateKeyPath,
      decodeVarLenData,
      decodeUnappliedProposals,
      decodeVarLenData,
      decodeBigintMap(decodeEpochReceiverData),
      decodeGroupActiveState,
    ],
    (
      groupContext,
      keySchedule,
      secretTree,
      privatePath,
      signaturePrivateKey,
      unappliedProposals,
      confirmationTag,
      historicalReceiverData,
      groupActiveState,
    ) => ({
      groupContext,
      keySchedule,
      secretTree,
      ratchetTree,
      privatePath,
      signaturePrivateKey,
      unappliedProposals,
      confirmationTag,
      historicalReceiverData,
      groupActiveState,
    }),
  )
}

function splitSegments(bytes: Uint8Array): [Uint8Array, Uint8Array, Uint8Array] {
  if (!READABLE_STATE_LAYOUTS.has(bytes[0] ?? -1)) {
    throw new InternalError("stored group state has an unknown layout")
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const segments: Uint8Array[] = []
  let offset = 1
  for (let i = 0; i < 3; i++) {
    if (offset + 4 > bytes.length) throw new InternalError("stored group state is truncated")
    const length = view.getUint32(offset)
    if (offset + 4 + length > bytes.length)
      throw new InternalError("stored group state is truncated")
    segments.push(bytes.subarray(offset + 4, offset + 4 + length))
    offset += 4 + length
  }
  if (offset !== bytes.length) throw new InternalError("stored group state has trailing bytes")
  return segments as [Uint8Array, Uint8Array, Uint8Array]
}

/** Current epoch of a state. */
export const epochOf = (state: ClientState): number => Number(state.groupContext.epoch)

/** The MLS group id of a state. */
export const groupIdOf = (state: ClientState): Uint8Array => state.groupContext.groupId

/** The local member's leaf index. */
export const ownLeafIndex = (state: ClientState): number => state.privatePath.leafIndex

/** The suite of a state. */
export const ciphersuiteOf = (state: ClientState): CiphersuiteName => state.groupContext.cipherSuite

/** True once a processed commit removed the local member. */
export const isRemovedFromGroup = (state: ClientState): boolean =>
  state.groupActiveState.kind === "removedFromGroup"

/** Members in the ratchet tree, by leaf index. */
export function membersOf(state: ClientState): GroupMember[] {
  return membersOfTree(state.ratchetTree)
}

function membersOfTree(tree: RatchetTree): GroupMember[] {
  const members: GroupMember[] = []
  for (let nodeIndex = 0; nodeIndex < tree.length; nodeIndex += 2) {
    const node = tree[nodeIndex]
    if (node?.nodeType !== "leaf") continue
    const { credential, signaturePublicKey } = node.leaf
    members.push({
      leafIndex: nodeIndex / 2,
      identity: credential.credentialType === "basic" ? fromUtf8(credential.identity) : "",
      credentialType: credential.credentialType,
      signaturePublicKey,
    })
  }
  return members
}

/**
 * Zero secrets that ts-mls reports as consumed. A plain fill: ts-mls's
 * `zeroOutUint8Array` first overwrites with random bytes, a native call per
 * buffer that buys nothing in JavaScript, where a fill is never elided.
 */
export function zeroConsumed(consumed: Uint8Array[]): void {
  for (const b of consumed) b.fill(0)
}

/** Create a one-member group. */
export async function createGroupState(
  groupId: Uint8Array,
  kp: GeneratedKeyPackage,
  cs: CiphersuiteImpl,
  clientConfig: ClientConfig,
): Promise<ClientState> {
  try {
    return await createGroup(groupId, kp.publicPackage, kp.privatePackage, [], cs, clientConfig)
  } catch (err) {
    throw mapMlsError(err, "input")
  }
}

/** Join from a Welcome with the matching key package. */
export async function joinGroupState(
  welcome: Welcome,
  kp: KeyPackage,
  privateKeys: PrivateKeyPackage,
  cs: CiphersuiteImpl,
  clientConfig: ClientConfig,
  ratchetTree: RatchetTree | undefined,
  psks: ExternalPskResolver | undefined,
): Promise<ClientState> {
  assertWelcomeMatchesKeyPackage(welcome, kp)
  try {
    return await joinGroup(
      welcome,
      kp,
      privateKeys,
      pskIndexFor(undefined, psks),
      cs,
      ratchetTree,
      undefined,
      clientConfig,
    )
  } catch (err) {
    throw mapMlsError(err, "message")
  }
}

/** Encrypt application data. */
export async function encryptApplication(
  state: ClientState,
  plaintext: Uint8Array,
  aad: Uint8Array,
  cs: CiphersuiteImpl,
): Promise<{ newState: ClientState; message: Uint8Array; consumed: Uint8Array[] }> {
  try {
    const { newState, privateMessage, consumed } = await createApplicationMessage(
      state,
      plaintext,
      cs,
      aad,
    )
    const message = encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_private_message",
      privateMessage,
    })
    return { newState, message, consumed }
  } catch (err) {
    throw mapMlsError(err, "input")
  }
}

/** The generation the local member's next application message will use (RFC 9420 section 9.1). */
export function nextApplicationGeneration(state: ClientState): number {
  return ownSecretTreeNode(state).application.generation
}

/**
 * The same state with the local member's application ratchet moved `steps`
 * generations ahead and the skipped secrets dropped (the ones derived here
 * are returned in `consumed` for zeroing). Stored in place of the real state, it reserves the skipped
 * generations: a state reloaded from it can only encrypt under later ones.
 */
export function reserveApplicationGenerations(
  state: ClientState,
  steps: number,
  cs: CiphersuiteImpl,
): Promise<{ reserved: ClientState; consumed: Uint8Array[] }> {
  return advanceOwnRatchet(state, "application", steps, cs).then(({ state, consumed }) => ({
    reserved: state,
    consumed,
  }))
}

/**
 * The same state with the local member's handshake ratchet one generation
 * on. A commit sent as PrivateMessage used the current handshake generation;
 * when that commit is staged rather than merged, the state kept for the
 * current epoch must not offer that generation again (a discarded commit's
 * key and nonce would be reused by the next handshake message).
 */
export async function advanceOwnHandshake(
  state: ClientState,
  cs: CiphersuiteImpl,
): Promise<ClientState> {
  return (await advanceOwnRatchet(state, "handshake", 1, cs)).state
}

async function advanceOwnRatchet(
  state: ClientState,
  ratchet: "application" | "handshake",
  steps: number,
  cs: CiphersuiteImpl,
): Promise<{ state: ClientState; consumed: Uint8Array[] }> {
  const index = leafToNodeIndex(toLeafIndex(state.privatePath.leafIndex))
  const node = ownSecretTreeNode(state)
  const current = node[ratchet]
  try {
    const [advanced, consumed] = await ratchetUntil(
      { ...current, unusedGenerations: {} },
      current.generation + steps,
      { retainKeysForGenerations: 0, retainKeysForEpochs: 0, maximumForwardRatchetSteps: steps },
      cs.kdf,
    )
    const secretTree = state.secretTree.slice()
    secretTree[index] = {
      ...node,
      [ratchet]: { ...advanced, unusedGenerations: current.unusedGenerations },
    }
    // The first consumed secret is the current one, which `state` still uses.
    return {
      state: { ...state, secretTree },
      consumed: consumed.filter((secret) => secret !== current.secret),
    }
  } catch (err) {
    throw mapMlsError(err, "crypto")
  }
}

/**
 * `next` (a staged commit's state) with the receive progress `current` made
 * since the commit was created: the secret trees of the epochs `next` keeps
 * as past epochs are taken from `current`, which went on decrypting (and
 * deleting keys) while the commit waited. Without it, a merged staged commit
 * would bring back keys of messages already received (a replay would
 * decrypt again) and trees whose secrets core has since zeroed.
 */
export function carryReceiveProgress(next: ClientState, current: ClientState): ClientState {
  const history = new Map(next.historicalReceiverData)
  let changed = false
  for (const [epoch, data] of next.historicalReceiverData) {
    const progressed =
      epoch === current.groupContext.epoch
        ? current.secretTree
        : current.historicalReceiverData.get(epoch)?.secretTree
    if (progressed && progressed !== data.secretTree) {
      history.set(epoch, { ...data, secretTree: progressed })
      changed = true
    }
  }
  return changed ? { ...next, historicalReceiverData: history } : next
}

/** Members added and removed between two states of a group. */
export function memberChanges(
  before: ClientState,
  after: ClientState,
): { added: GroupMember[]; removed: GroupMember[] } {
  const a = membersOf(before)
  const b = membersOf(after)
  return { added: changedMembers(b, a), removed: changedMembers(a, b) }
}

/** Generation the patched ts-mls gives a secret tree slot whose secret is not split yet. */
const PENDING_GENERATION = 0xffffffff

/**
 * The local member's secret tree leaf. The patched ts-mls derives leaves on
 * first use but the local member's own leaf when the epoch begins, so it is
 * always derived here; a pending one would give wrong generations, so it fails.
 */
function ownSecretTreeNode(state: ClientState): ClientState["secretTree"][number] {
  const node = state.secretTree[leafToNodeIndex(toLeafIndex(state.privatePath.leafIndex))]
  if (!node) throw new InternalError("the local member has no secret tree leaf")
  if (node.handshake.generation === PENDING_GENERATION) {
    throw new InternalError("the local member's secret tree leaf is not derived")
  }
  return node
}

/** Options of a commit. */
export interface CommitOptions {
  proposals: Proposal[]
  publicMessage: boolean
  ratchetTreeExtension: boolean
}

/** Create and apply a commit; returns the commit and, when members were added, the Welcome (as MLSMessage bytes). */
export async function commit(
  state: ClientState,
  cs: CiphersuiteImpl,
  psks: ExternalPskResolver | undefined,
  options: CommitOptions,
): Promise<{
  newState: ClientState
  commit: Uint8Array
  welcome?: Uint8Array
  consumed: Uint8Array[]
}> {
  try {
    const result = await createCommit(
      { state, cipherSuite: cs, pskIndex: pskIndexFor(state, psks) },
      {
        extraProposals: options.proposals,
        wireAsPublicMessage: options.publicMessage,
        ratchetTreeExtension: options.ratchetTreeExtension,
      },
    )
    assertDistinctKeys(result.newState.ratchetTree, "input")
    const out: {
      newState: ClientState
      commit: Uint8Array
      welcome?: Uint8Array
      consumed: Uint8Array[]
    } = {
      newState: withoutConsumedPastSecrets(result.newState, result.consumed),
      commit: encodeMlsMessage(result.commit),
      consumed: result.consumed,
    }
    if (result.welcome) {
      out.welcome = encodeMlsMessage({
        version: "mls10",
        wireformat: "mls_welcome",
        welcome: result.welcome,
      })
    }
    return out
  } catch (err) {
    throw mapMlsError(err, "input")
  }
}

/**
 * A commit sent as PrivateMessage consumes the committer's handshake secret,
 * yet ts-mls files the secret tree from before that as the past epoch's
 * receiver data, so the secret core zeroes once the new state is stored
 * would still be part of that stored state (and of its memoized encoding).
 * Blank it in a copy of the node instead: the state in memory is then the
 * state that is stored, and the consumed secret is in neither.
 */
function withoutConsumedPastSecrets(state: ClientState, consumed: Uint8Array[]): ClientState {
  const epoch = state.groupContext.epoch - 1n
  const past = state.historicalReceiverData.get(epoch)
  const index = 2 * state.privatePath.leafIndex
  const node = past?.secretTree[index]
  if (!past || !node || !consumed.includes(node.handshake.secret)) return state
  const secretTree = past.secretTree.slice()
  secretTree[index] = {
    ...node,
    handshake: { ...node.handshake, secret: new Uint8Array(node.handshake.secret.length) },
  }
  const historicalReceiverData = new Map(state.historicalReceiverData)
  historicalReceiverData.set(epoch, { ...past, secretTree })
  return { ...state, historicalReceiverData }
}

/** An Add proposal for a key package. */
export const addProposal = (keyPackage: KeyPackage): Proposal => ({
  proposalType: "add",
  add: { keyPackage },
})

/** A Remove proposal for a leaf. */
export const removeProposal = (leafIndex: number): Proposal => ({
  proposalType: "remove",
  remove: { removed: leafIndex },
})

/** A proposal by the local member to remove itself (leaving the group). */
export async function proposeSelfRemove(
  state: ClientState,
  cs: CiphersuiteImpl,
  publicMessage: boolean,
): Promise<{ newState: ClientState; proposal: Uint8Array; consumed: Uint8Array[] }> {
  try {
    const { newState, message, consumed } = await createProposal(
      state,
      publicMessage,
      removeProposal(ownLeafIndex(state)),
      cs,
    )
    return { newState, proposal: encodeMlsMessage(message), consumed }
  } catch (err) {
    throw mapMlsError(err, "input")
  }
}

/** The outcome of processing a protocol message, before core turns it into its public result. */
export type ProcessedMessage =
  | {
      kind: "application"
      newState: ClientState
      plaintext: Uint8Array
      senderLeafIndex: number
      senderIdentity: string
      generation: number
      consumed: Uint8Array[]
    }
  | {
      kind: "proposal"
      newState: ClientState
      senderLeafIndex: number | undefined
      proposalType: string
      consumed: Uint8Array[]
    }
  | {
      kind: "commit"
      newState: ClientState
      senderLeafIndex: number | undefined
      added: GroupMember[]
      removed: GroupMember[]
      consumed: Uint8Array[]
    }

/** Process a decoded protocol message against a state. */
export async function processProtocolMessage(
  state: ClientState,
  msg: ProtocolMessage,
  cs: CiphersuiteImpl,
  psks: ExternalPskResolver | undefined,
): Promise<ProcessedMessage> {
  const pskIndex = pskIndexFor(state, psks)
  let sender: number | undefined
  let proposalType = "unknown"
  const capture: typeof acceptAll = (incoming) => {
    if (incoming.kind === "commit") {
      sender = incoming.senderLeafIndex
      if (sender !== undefined) assertMemberCommitProposals(incoming.proposals, state.ratchetTree)
    } else {
      sender = incoming.proposal.senderLeafIndex
      proposalType = String(incoming.proposal.proposal.proposalType)
    }
    return "accept"
  }
  try {
    const privateSenderInfo =
      msg.message.wireformat === "mls_private_message"
        ? await privateSender(state, msg.message.privateMessage, cs)
        : undefined
    const senderLeaf = privateSenderInfo?.leafIndex ?? publicSenderLeaf(msg)
    if (senderLeaf === ownLeafIndex(state)) {
      throw new InvalidMessageError(
        "this member sent the message; its own messages take effect when they are sent",
        { reason: "own_message" },
      )
    }
    if (msg.contentType === "application") {
      const senderInfo = privateSenderInfo
      if (!senderInfo) throw new InvalidMessageError("application data must be a PrivateMessage")
      const result = await processMessage(msg.message, state, pskIndex, capture, cs)
      if (result.kind !== "applicationMessage")
        throw new InvalidMessageError("expected application data")
      return {
        kind: "application",
        newState: result.newState,
        plaintext: result.message,
        senderLeafIndex: senderInfo.leafIndex,
        senderIdentity: senderInfo.identity,
        generation: senderInfo.generation,
        consumed: result.consumed,
      }
    }
    const before = membersOf(state)
    const result = await processMessage(msg.message, state, pskIndex, capture, cs)
    if (result.kind !== "newState") throw new InvalidMessageError("unexpected application data")
    if (msg.contentType === "proposal") {
      return {
        kind: "proposal",
        newState: result.newState,
        senderLeafIndex: sender,
        proposalType,
        consumed: result.consumed,
      }
    }
    assertDistinctKeys(result.newState.ratchetTree, "message")
    const after = membersOf(result.newState)
    return {
      kind: "commit",
      newState: result.newState,
      senderLeafIndex: sender,
      added: changedMembers(after, before),
      removed: changedMembers(before, after),
      consumed: result.consumed,
    }
  } catch (err) {
    throw mapMlsError(err, "message")
  }
}

/** Members of `a` whose leaf is empty or held by another identity in `b`. */
function changedMembers(a: GroupMember[], b: GroupMember[]): GroupMember[] {
  const byLeaf = new Map(b.map((m) => [m.leafIndex, m]))
  return a.filter((m) => byLeaf.get(m.leafIndex)?.identity !== m.identity)
}

/** The member leaf that sent a PublicMessage (undefined for external senders and new members). */
function publicSenderLeaf(msg: ProtocolMessage): number | undefined {
  if (msg.message.wireformat !== "mls_public_message") return undefined
  const sender = msg.message.publicMessage.content.sender
  return sender.senderType === "member" ? sender.leafIndex : undefined
}

/** The sender of a PrivateMessage, from its sender data in the message's epoch. */
async function privateSender(
  state: ClientState,
  pm: PrivateMessage,
  cs: CiphersuiteImpl,
): Promise<{ leafIndex: number; identity: string; generation: number }> {
  const epoch = pm.epoch
  const current = state.groupContext.epoch
  const epochData =
    epoch === current
      ? { senderDataSecret: state.keySchedule.senderDataSecret, ratchetTree: state.ratchetTree }
      : state.historicalReceiverData.get(epoch)
  if (!epochData) {
    throw epoch > current
      ? new InvalidMessageError("message is from a future epoch", { reason: "future_epoch" })
      : new InvalidMessageError("message is from an epoch whose keys are gone", {
          reason: "past_epoch",
        })
  }
  const senderData = await decryptSenderData(pm, epochData.senderDataSecret, cs)
  if (!senderData) throw new CryptoError("sender data cannot be decrypted")
  const member = membersOfTree(epochData.ratchetTree).find(
    (m) => m.leafIndex === senderData.leafIndex,
  )
  if (!member)
    throw new InvalidMessageError("sender is not a member of the group", {
      reason: "protocol_violation",
    })
  return {
    leafIndex: member.leafIndex,
    identity: member.identity,
    generation: senderData.generation,
  }
}

/** A GroupInfo (with external public key and ratchet tree) as MLSMessage bytes. */
export async function groupInfoMessage(
  state: ClientState,
  cs: CiphersuiteImpl,
): Promise<Uint8Array> {
  try {
    const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(state, [], cs)
    return encodeMlsMessage({ version: "mls10", wireformat: "mls_group_info", groupInfo })
  } catch (err) {
    throw mapMlsError(err, "input")
  }
}

/** Decode a GroupInfo sent as an MLSMessage (wire format mls_group_info). */
export function decodeGroupInfoInput(bytes: unknown): GroupInfo {
  const b = requireBytes(bytes, "group info")
  const msg = decodeMessage(b)
  if (!msg) throw new InvalidMessageError("bytes are not an MLS message")
  if (msg.wireformat !== "mls_group_info")
    throw new InvalidMessageError(`expected a group info, got ${msg.wireformat}`)
  return msg.groupInfo
}

/** The MLS group id and ciphersuite a GroupInfo describes. */
export function groupInfoFacts(groupInfo: GroupInfo): {
  groupId: Uint8Array
  ciphersuite: CiphersuiteName
} {
  return {
    groupId: groupInfo.groupContext.groupId,
    ciphersuite: groupInfo.groupContext.cipherSuite,
  }
}

/** Members in a GroupInfo's ratchet_tree extension (none when it has no tree). */
export function groupInfoMembers(groupInfo: GroupInfo): GroupMember[] {
  const ext = groupInfo.extensions.find((e) => e.extensionType === "ratchet_tree")
  if (!ext) return []
  const tree = decodeExact(decodeRatchetTree, ext.extensionData)
  return tree ? membersOfTree(tree) : []
}

/**
 * Join by external commit (RFC 9420 section 12.4.3.2) from a GroupInfo that
 * carries external_pub and the ratchet tree. With `resync` the leaf holding
 * the same signature key is removed in the same commit. Returns the new
 * state and the commit (a PublicMessage as MLSMessage bytes) for the members.
 */
export async function joinExternalState(
  groupInfo: GroupInfo,
  kp: GeneratedKeyPackage,
  resync: boolean,
  cs: CiphersuiteImpl,
  clientConfig: ClientConfig,
): Promise<{ state: ClientState; commit: Uint8Array }> {
  try {
    const { publicMessage, newState } = await joinGroupExternal(
      groupInfo,
      kp.publicPackage,
      kp.privatePackage,
      resync,
      cs,
      undefined,
      clientConfig,
    )
    const commit = encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_public_message",
      publicMessage,
    })
    return { state: newState, commit }
  } catch (err) {
    throw mapMlsError(err, "message")
  }
}

/** The MLS exporter (RFC 9420 section 8.5). */
export async function exportSecret(
  state: ClientState,
  label: string,
  context: Uint8Array,
  length: number,
  cs: CiphersuiteImpl,
): Promise<Uint8Array> {
  try {
    return await mlsExporter(state.keySchedule.exporterSecret, label, context, length, cs)
  } catch (err) {
    throw mapMlsError(err, "input")
  }
}

/** The current epoch authenticator (for interop tests and vectors). */
export const epochAuthenticator = (state: ClientState): Uint8Array =>
  state.keySchedule.epochAuthenticator
