/**
 * MlskitClient: typed calls to the mlskit reference server's REST API over
 * global fetch. Byte fields go in and come out as `Uint8Array`; base64url is
 * handled here. One client carries one bearer token: the admin token to
 * create identities, an identity's token for everything else.
 */
import { fromBase64Url, toBase64Url } from "./base64url.js"
import { ApiError, isAbortError, toConnectionError } from "./client-errors.js"
import { parseServerSentEvents } from "./server-sent-events.js"
import {
  decodeAdded,
  decodeClaim,
  decodeCommit,
  decodeInboxEntry,
  decodeLogEntry,
  decodeProcessed,
  decodeSent,
  decodeWelcome,
  type WireAdded,
  type WireClaim,
  type WireCommit,
  type WireInboxEntry,
  type WireInboxPage,
  type WireLogPage,
  type WireProcessed,
  type WireSent,
  type WireWelcomes,
} from "./wire-decoding.js"
import type {
  AddMembersBy,
  AddMembersResult,
  AppendedEntry,
  ClaimedKeyPackage,
  CommitResult,
  CreatedIdentity,
  ExternalJoinResult,
  GroupDetails,
  GroupLogOptions,
  GroupPage,
  GroupSummary,
  HealthResponse,
  IdentityPage,
  InboxEntry,
  InboxOptions,
  InboxPage,
  ListGroupsOptions,
  ListIdentitiesOptions,
  LogPage,
  ProcessedMessage,
  RotatedToken,
  SentMessage,
  ServerEvent,
  UploadedKeyPackages,
  WaitingWelcome,
} from "./wire-types.js"

/** Options of a client. */
export interface MlskitClientOptions {
  /** The server's base URL, e.g. "http://127.0.0.1:8080". */
  baseUrl: string
  /** Bearer token sent with every call. */
  token?: string
  /** The fetch to use (default: global fetch). */
  fetch?: typeof fetch
}

/** Options of a single call. */
export interface CallOptions {
  signal?: AbortSignal
}

/** Options of `joinGroup`. */
export interface JoinOptions extends CallOptions {
  /** The caller's name for the group; by default the server names it after the other members. */
  name?: string
}

/** Options of `joinByExternalCommit`. */
export interface ExternalJoinOptions extends JoinOptions {
  /** True when the caller is already in the group (another device, lost state): its old leaf is replaced. */
  resync?: boolean
}

/** Where `inboxEvents` starts, and the signal that ends it. */
export interface InboxEventsOptions extends CallOptions {
  /** Entries after this cursor (default 0), when `lastEventId` is not given. */
  after?: number
  /**
   * The id of the last event seen (its cursor), sent as `Last-Event-ID`:
   * the stream resumes right after it. Wins over `after`.
   */
  lastEventId?: string | number
}

/** Options of `sendMessage`. */
export interface SendOptions extends CallOptions {
  /** Authenticated data: sent in the clear with the message, integrity-protected. */
  aad?: Uint8Array
}

type Json = Record<string, unknown>

/** A typed client of the mlskit reference server. */
export class MlskitClient {
  readonly baseUrl: string
  readonly #token: string | undefined
  readonly #fetch: typeof fetch

  constructor(options: MlskitClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "")
    this.#token = options.token
    this.#fetch = options.fetch ?? globalThis.fetch
  }

  /** A client for the same server with another token. */
  withToken(token: string): MlskitClient {
    return new MlskitClient({ baseUrl: this.baseUrl, token, fetch: this.#fetch })
  }

  /** Create an identity named `name` (needs the admin token); returns its id and bearer token. */
  createIdentity(name: string, options: CallOptions = {}): Promise<CreatedIdentity> {
    return this.#call<CreatedIdentity>("POST", "/v1/identities", { name }, options)
  }

  /**
   * Create an identity whose keys live in its own MLS client (needs the
   * admin token): the server keeps its name, token and uploaded key
   * packages, never a key. Its client uses `uploadKeyPackages`,
   * `welcomes`, `groupLog` and `appendToGroupLog`.
   */
  createExternalIdentity(name: string, options: CallOptions = {}): Promise<CreatedIdentity> {
    return this.#call<CreatedIdentity>("POST", "/v1/identities", { name, hosted: false }, options)
  }

  /** One page of identities, ordered by id (needs the admin token). */
  listIdentities(
    page: ListIdentitiesOptions = {},
    options: CallOptions = {},
  ): Promise<IdentityPage> {
    const query = new URLSearchParams()
    if (page.limit !== undefined) query.set("limit", String(page.limit))
    if (page.cursor !== undefined) query.set("cursor", page.cursor)
    const suffix = query.size > 0 ? `?${query}` : ""
    return this.#call<IdentityPage>("GET", `/v1/identities${suffix}`, undefined, options)
  }

  /** Delete an identity with its key packages and groups (needs the admin token). */
  async deleteIdentity(identityId: string, options: CallOptions = {}): Promise<void> {
    await this.#call<undefined>("DELETE", identityPath(identityId), undefined, options)
  }

  /**
   * Issue a new bearer token for `identityId` and revoke its old one (the
   * admin token or the identity's own); the new token is shown only here.
   */
  rotateToken(identityId: string, options: CallOptions = {}): Promise<RotatedToken> {
    return this.#call<RotatedToken>("POST", `${identityPath(identityId)}/token`, {}, options)
  }

  /** Generate `count` key packages (MLSMessage bytes) for the caller's identity `identityId`. */
  async generateKeyPackages(
    identityId: string,
    count = 1,
    options: CallOptions = {},
  ): Promise<Uint8Array[]> {
    const out = await this.#call<{ keyPackages: string[] }>(
      "POST",
      `${identityPath(identityId)}/key-packages`,
      { count },
      options,
    )
    return out.keyPackages.map(fromBase64Url)
  }

  /** Create a group with the caller as its only member; returns its group id. */
  async createGroup(name: string, options: CallOptions = {}): Promise<string> {
    return (await this.#call<{ groupId: string }>("POST", "/v1/groups", { name }, options)).groupId
  }

  /** Join a group from a Welcome (and the ratchet tree when the Welcome lacks it); returns its group id. */
  async joinGroup(
    welcome: Uint8Array,
    ratchetTree?: Uint8Array,
    options: JoinOptions = {},
  ): Promise<string> {
    const body: Json = { welcome: toBase64Url(welcome) }
    if (ratchetTree !== undefined) body.ratchetTree = toBase64Url(ratchetTree)
    if (options.name !== undefined) body.name = options.name
    return (await this.#call<{ groupId: string }>("POST", "/v1/groups/join", body, options)).groupId
  }

  /** The group's GroupInfo (with external_pub and the ratchet tree) for joining by external commit. */
  async groupInfo(groupId: string, options: CallOptions = {}): Promise<Uint8Array> {
    const out = await this.#call<{ groupInfo: string }>(
      "GET",
      `${groupPath(groupId)}/group-info`,
      undefined,
      options,
    )
    return fromBase64Url(out.groupInfo)
  }

  /**
   * Join a group by external commit from its GroupInfo; the caller's state is
   * stored before the answer. Deliver the returned commit to the members.
   */
  async joinByExternalCommit(
    groupInfo: Uint8Array,
    options: ExternalJoinOptions = {},
  ): Promise<ExternalJoinResult> {
    const body: Json = { groupInfo: toBase64Url(groupInfo) }
    if (options.resync !== undefined) body.resync = options.resync
    if (options.name !== undefined) body.name = options.name
    const out = await this.#call<{ groupId: string; epoch: number; commit: string }>(
      "POST",
      "/v1/groups/join-external",
      body,
      options,
    )
    return { groupId: out.groupId, epoch: out.epoch, commit: fromBase64Url(out.commit) }
  }

  /** All the caller's groups, following `nextCursor` page by page. */
  async listGroups(options: CallOptions = {}): Promise<GroupSummary[]> {
    const groups: GroupSummary[] = []
    let cursor: string | undefined
    do {
      const page = await this.listGroupsPage(cursor === undefined ? {} : { cursor }, options)
      groups.push(...page.groups)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    return groups
  }

  /** One page of the caller's groups, ordered by group id. */
  listGroupsPage(page: ListGroupsOptions = {}, options: CallOptions = {}): Promise<GroupPage> {
    const query = new URLSearchParams()
    if (page.limit !== undefined) query.set("limit", String(page.limit))
    if (page.cursor !== undefined) query.set("cursor", page.cursor)
    const suffix = query.size > 0 ? `?${query}` : ""
    return this.#call<GroupPage>("GET", `/v1/groups${suffix}`, undefined, options)
  }

  /** A group's epoch and members as the caller sees them. */
  getGroup(groupId: string, options: CallOptions = {}): Promise<GroupDetails> {
    return this.#call<GroupDetails>("GET", groupPath(groupId), undefined, options)
  }

  /**
   * Encrypt an application message (a string goes as `text` and is encrypted
   * as its UTF-8 bytes, bytes go as `plaintext`); returns the MLSMessage to deliver.
   */
  async sendMessage(
    groupId: string,
    plaintext: Uint8Array | string,
    options: SendOptions = {},
  ): Promise<Uint8Array> {
    return (await this.send(groupId, plaintext, options)).message
  }

  /**
   * `sendMessage` with the whole answer: with delivery on, the message is
   * already in the group's log for every other member, and `epoch` and `seq`
   * say where; with delivery off they are absent and `message` is yours to deliver.
   */
  async send(
    groupId: string,
    plaintext: Uint8Array | string,
    options: SendOptions = {},
  ): Promise<SentMessage> {
    const body: Json =
      typeof plaintext === "string" ? { text: plaintext } : { plaintext: toBase64Url(plaintext) }
    if (options.aad !== undefined) body.aad = toBase64Url(options.aad)
    const out = await this.#call<WireSent>("POST", `${groupPath(groupId)}/messages`, body, options)
    return decodeSent(out)
  }

  /** Process a received MLSMessage: an application message, a proposal or a commit. */
  async processMessage(
    groupId: string,
    message: Uint8Array,
    options: CallOptions = {},
  ): Promise<ProcessedMessage> {
    const out = await this.#call<WireProcessed>(
      "POST",
      `${groupPath(groupId)}/process`,
      { message: toBase64Url(message) },
      options,
    )
    return decodeProcessed(out)
  }

  /**
   * Add members by key package, or (delivery on) by identity name with
   * `{ identities }`; returns the commit for the group and the Welcome for
   * them. With delivery on the commit is in the group's log (`epoch`, `seq`)
   * and hosted newcomers join by themselves.
   */
  async addMembers(
    groupId: string,
    newcomers: Uint8Array[] | AddMembersBy,
    options: CallOptions = {},
  ): Promise<AddMembersResult> {
    const by: AddMembersBy = Array.isArray(newcomers) ? { keyPackages: newcomers } : newcomers
    const body: Json = {}
    if (by.keyPackages !== undefined) body.keyPackages = by.keyPackages.map(toBase64Url)
    if (by.identities !== undefined) body.identities = by.identities
    const out = await this.#call<WireAdded>("POST", `${groupPath(groupId)}/members`, body, options)
    return decodeAdded(out)
  }

  /** Delivery on: add the named identities (one published key package of each is claimed). */
  addMembersByName(
    groupId: string,
    identities: string[],
    options: CallOptions = {},
  ): Promise<AddMembersResult> {
    return this.addMembers(groupId, { identities }, options)
  }

  /** Remove members by leaf index; returns the commit. */
  async removeMembers(
    groupId: string,
    leafIndices: number[],
    options: CallOptions = {},
  ): Promise<Uint8Array> {
    const out = await this.#call<WireCommit>(
      "POST",
      `${groupPath(groupId)}/members/remove`,
      { leafIndices },
      options,
    )
    return fromBase64Url(out.commit)
  }

  /** Delivery on: remove the named identities; returns the commit and where it is in the log. */
  async removeMembersByName(
    groupId: string,
    identities: string[],
    options: CallOptions = {},
  ): Promise<CommitResult> {
    const out = await this.#call<WireCommit>(
      "POST",
      `${groupPath(groupId)}/members/remove`,
      { identities },
      options,
    )
    return decodeCommit(out)
  }

  /**
   * Leave a group: returns the self-remove proposal to deliver to the other
   * members (one of them commits it). The caller's state of the group is deleted.
   */
  async leaveGroup(groupId: string, options: CallOptions = {}): Promise<Uint8Array> {
    const out = await this.#call<{ proposal: string }>(
      "POST",
      `${groupPath(groupId)}/leave`,
      {},
      options,
    )
    return fromBase64Url(out.proposal)
  }

  /** Delete the caller's state of a group it was removed from (409 CONFLICT while still a member). */
  async deleteGroup(groupId: string, options: CallOptions = {}): Promise<void> {
    await this.#call<undefined>("DELETE", groupPath(groupId), undefined, options)
  }

  /** Rotate the caller's own leaf keys; returns the commit. */
  async selfUpdate(groupId: string, options: CallOptions = {}): Promise<Uint8Array> {
    return (await this.update(groupId, options)).commit
  }

  /**
   * `selfUpdate` with the whole answer: with delivery on, `epoch` is the
   * epoch the commit started and `seq` its place in the log (a commit that
   * lost a race was redone on the new epoch by the server).
   */
  async update(groupId: string, options: CallOptions = {}): Promise<CommitResult> {
    return decodeCommit(
      await this.#call<WireCommit>("POST", `${groupPath(groupId)}/update`, {}, options),
    )
  }

  /** Delivery on: claim one published key package of each named identity (each is handed out once). */
  async claimKeyPackages(
    identities: string[],
    options: CallOptions = {},
  ): Promise<ClaimedKeyPackage[]> {
    return decodeClaim(
      await this.#call<WireClaim>("POST", "/v1/key-packages/claim", { identities }, options),
    )
  }

  /**
   * Delivery on: one page of the caller's inbox after `after`. With `wait`
   * the server holds the call up to that many seconds until an entry arrives.
   */
  async inbox(page: InboxOptions = {}, options: CallOptions = {}): Promise<InboxPage> {
    const query = queryOf({ after: page.after, limit: page.limit, wait: page.wait })
    const out = await this.#call<WireInboxPage>("GET", `/v1/inbox${query}`, undefined, options)
    return { entries: out.entries.map(decodeInboxEntry), next: out.next }
  }

  /**
   * Delivery on: the caller's inbox as a live stream. Resolves once the
   * server has accepted it; yields every entry after `after` (or after
   * `lastEventId`, the last `cursor` seen, to resume after a disconnect),
   * then each new one as it is delivered. Ends when `signal` aborts.
   */
  async inboxEvents(
    options: InboxEventsOptions = {},
  ): Promise<AsyncGenerator<InboxEntry, void, undefined>> {
    const query = queryOf({ after: options.after })
    const response = await this.#fetchResponse("GET", `/v1/inbox/events${query}`, undefined, {
      ...(options.signal ? { signal: options.signal } : {}),
      accept: "text/event-stream",
      ...(options.lastEventId === undefined ? {} : { lastEventId: String(options.lastEventId) }),
    })
    if (!response.ok) throw await apiError(response)
    return readStream(response, options.signal, (data) =>
      decodeInboxEntry(JSON.parse(data) as WireInboxEntry),
    )
  }

  /** Delivery on: one page of a group's log after seq `after` (current members only). */
  async groupLog(
    groupId: string,
    page: GroupLogOptions = {},
    options: CallOptions = {},
  ): Promise<LogPage> {
    const query = queryOf({ after: page.after, limit: page.limit, wait: page.wait })
    const out = await this.#call<WireLogPage>(
      "GET",
      `${groupPath(groupId)}/log${query}`,
      undefined,
      options,
    )
    return { entries: out.entries.map(decodeLogEntry), next: out.next }
  }

  /**
   * An identity whose keys live elsewhere: publish key packages its own
   * client made (KeyPackage MLSMessages), so others can add it by name.
   * All or nothing; `lastResort` publishes one package kept until replaced.
   * Returns how many were published.
   */
  async uploadKeyPackages(
    keyPackages: Uint8Array[],
    upload: { lastResort?: boolean } = {},
    options: CallOptions = {},
  ): Promise<number> {
    const body = {
      keyPackages: keyPackages.map(toBase64Url),
      ...(upload.lastResort === undefined ? {} : { lastResort: upload.lastResort }),
    }
    const out = await this.#call<UploadedKeyPackages>("POST", "/v1/key-packages", body, options)
    return out.published
  }

  /**
   * An identity whose keys live elsewhere: register a group its own client
   * created (`groupId`: base64url of the MLS group id); it is the only
   * member until its commits add others.
   */
  async registerGroup(groupId: string, options: CallOptions = {}): Promise<void> {
    await this.#call("POST", "/v1/groups/register", { groupId }, options)
  }

  /** The Welcomes addressed to the caller's uploaded key packages, oldest first, until acknowledged. */
  async welcomes(options: CallOptions = {}): Promise<WaitingWelcome[]> {
    const out = await this.#call<WireWelcomes>("GET", "/v1/welcomes", undefined, options)
    return out.welcomes.map(decodeWelcome)
  }

  /** Acknowledge a Welcome (after joining from it) so it is not served again. */
  async acknowledgeWelcome(welcomeId: string, options: CallOptions = {}): Promise<void> {
    await this.#call("DELETE", `/v1/welcomes/${encodeURIComponent(welcomeId)}`, undefined, options)
  }

  /**
   * An identity whose keys live elsewhere: append a message its client
   * made (PublicMessage or PrivateMessage MLSMessage) to the group's log;
   * with a commit that adds members, pass its `welcome`. A commit for an
   * epoch another commit took fails with ApiError `COMMIT_CONFLICT` and
   * `winner` (the seq to read up to and apply before redoing it); a message
   * already in the log with `ALREADY_APPENDED` and its `seq`.
   */
  appendToGroupLog(
    groupId: string,
    message: Uint8Array,
    append: { welcome?: Uint8Array } = {},
    options: CallOptions = {},
  ): Promise<AppendedEntry> {
    const body = {
      message: toBase64Url(message),
      ...(append.welcome ? { welcome: toBase64Url(append.welcome) } : {}),
    }
    return this.#call<AppendedEntry>("POST", `${groupPath(groupId)}/log`, body, options)
  }

  /**
   * Subscribe to the caller's events. Resolves once the server has accepted
   * the stream, so every event from then on is delivered; the iterator ends
   * when `signal` aborts or the server ends the stream (at shutdown).
   */
  async events(options: CallOptions = {}): Promise<AsyncGenerator<ServerEvent, void, undefined>> {
    const response = await this.#fetchResponse("GET", "/v1/events", undefined, {
      ...options,
      accept: "text/event-stream",
    })
    if (!response.ok) throw await apiError(response)
    return readStream(response, options.signal, (data) => JSON.parse(data) as ServerEvent)
  }

  /** The liveness probe. */
  live(options: CallOptions = {}): Promise<HealthResponse> {
    return this.#probe("/health/live", options)
  }

  /** The readiness probe: 200 when ready, 503 when not (never throws for 503). */
  ready(options: CallOptions = {}): Promise<HealthResponse> {
    return this.#probe("/health/ready", options)
  }

  /** The server's OpenAPI document. */
  openApi(options: CallOptions = {}): Promise<Json> {
    return this.#call<Json>("GET", "/openapi.json", undefined, options)
  }

  async #probe(path: string, options: CallOptions): Promise<HealthResponse> {
    const response = await this.#fetchResponse("GET", path, undefined, options)
    const body = await readJson(response)
    if (response.status !== 200 && response.status !== 503) throw errorFrom(response, body)
    return { status: response.status, body: body as HealthResponse["body"] }
  }

  async #call<T>(
    method: string,
    path: string,
    body: Json | undefined,
    options: CallOptions,
  ): Promise<T> {
    const response = await this.#fetchResponse(method, path, body, options)
    const json = await readJson(response)
    if (!response.ok) throw errorFrom(response, json)
    return json as T
  }

  async #fetchResponse(
    method: string,
    path: string,
    body: Json | undefined,
    options: CallOptions & { accept?: string; lastEventId?: string },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? "application/json" }
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`
    if (options.lastEventId !== undefined) headers["last-event-id"] = options.lastEventId
    if (body !== undefined) headers["content-type"] = "application/json"
    try {
      return await this.#fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    } catch (error) {
      if (isAbortError(error)) throw error
      throw toConnectionError(error)
    }
  }
}

/** The events of a server-sent event stream, each decoded from its data; ends quietly on abort. */
async function* readStream<T>(
  response: Response,
  signal: AbortSignal | undefined,
  decode: (data: string) => T,
): AsyncGenerator<T, void, undefined> {
  if (!response.body) return
  try {
    for await (const raw of parseServerSentEvents(response.body)) yield decode(raw.data)
  } catch (error) {
    if (isAbortError(error) || signal?.aborted) return
    throw toConnectionError(error)
  }
}

/** `?a=1&b=2` of the defined values, or "" when none is. */
function queryOf(values: Record<string, number | undefined>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) query.set(key, String(value))
  }
  return query.size > 0 ? `?${query}` : ""
}

function groupPath(groupId: string): string {
  return `/v1/groups/${encodeURIComponent(groupId)}`
}

function identityPath(identityId: string): string {
  return `/v1/identities/${encodeURIComponent(identityId)}`
}

async function readJson(response: Response): Promise<unknown> {
  let text: string
  try {
    text = await response.text()
  } catch (error) {
    if (isAbortError(error)) throw error
    throw toConnectionError(error)
  }
  if (text === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    if (response.ok)
      throw new ApiError(response.status, "INVALID_RESPONSE", "the server sent invalid JSON")
    return undefined
  }
}

async function apiError(response: Response): Promise<ApiError> {
  return errorFrom(response, await readJson(response))
}

function errorFrom(response: Response, body: unknown): ApiError {
  const error = (
    body as
      | {
          error?: {
            code?: unknown
            message?: unknown
            reason?: unknown
            winner?: unknown
            seq?: unknown
          }
        }
      | undefined
  )?.error
  const code = typeof error?.code === "string" ? error.code : `HTTP_${response.status}`
  const message = typeof error?.message === "string" ? error.message : response.statusText
  const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10)
  return new ApiError(
    response.status,
    code,
    message,
    Number.isNaN(retryAfter) ? undefined : retryAfter,
    typeof error?.reason === "string" ? error.reason : undefined,
    {
      ...(Number.isSafeInteger(error?.winner) ? { winner: error?.winner as number } : {}),
      ...(Number.isSafeInteger(error?.seq) ? { seq: error?.seq as number } : {}),
    },
  )
}
