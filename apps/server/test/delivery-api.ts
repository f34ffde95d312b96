/**
 * A small HTTP client for the delivery routes, over real sockets: what the
 * tests of hosted delivery call. Errors keep their status and JSON body.
 */

/** An answer that was not 2xx. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      error?: { code?: string; message?: string; reason?: string; winner?: number; seq?: number }
    },
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`)
  }
}

/** One inbox entry as the API returns it. */
export interface WireInboxEntry {
  cursor: number
  type: string
  groupId: string
  epoch: number
  time: number
  seq: number
  sender?: { identity: string; leafIndex: number }
  plaintext?: string
  text?: string
  generation?: number
  members?: { identity: string; leafIndex: number }[]
}

/** The delivery calls of one identity. */
export class DeliveryApi {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    })
    const text = await res.text()
    const json = text ? JSON.parse(text) : {}
    if (!res.ok) throw new HttpError(res.status, json)
    return json as T
  }

  createGroup(name: string): Promise<{ groupId: string }> {
    return this.call("POST", "/v1/groups", { name })
  }

  send(groupId: string, text: string): Promise<{ epoch: number; seq: number; message: string }> {
    return this.call("POST", `/v1/groups/${groupId}/messages`, { text })
  }

  add(
    groupId: string,
    by: { identities?: string[]; keyPackages?: string[] },
    signal?: AbortSignal,
  ): Promise<{ epoch: number; seq: number; commit: string; welcome: string }> {
    return this.call("POST", `/v1/groups/${groupId}/members`, by, signal)
  }

  remove(
    groupId: string,
    by: { identities?: string[]; leafIndices?: number[] },
  ): Promise<{ epoch: number; seq: number; commit: string }> {
    return this.call("POST", `/v1/groups/${groupId}/members/remove`, by)
  }

  update(groupId: string, signal?: AbortSignal): Promise<{ epoch: number; seq: number }> {
    return this.call("POST", `/v1/groups/${groupId}/update`, undefined, signal)
  }

  group(groupId: string): Promise<{
    epoch: number
    status: string
    epochAuthenticator: string
    appliedSeq?: number
    members: { identity: string; leafIndex: number }[]
  }> {
    return this.call("GET", `/v1/groups/${groupId}`)
  }

  inbox(after = 0, options: { limit?: number; wait?: number } = {}) {
    const query = new URLSearchParams({ after: String(after) })
    if (options.limit) query.set("limit", String(options.limit))
    if (options.wait) query.set("wait", String(options.wait))
    return this.call<{ entries: WireInboxEntry[]; next: number }>("GET", `/v1/inbox?${query}`)
  }

  /** Every inbox entry, following `next` until a page is empty. */
  async allInbox(): Promise<WireInboxEntry[]> {
    const out: WireInboxEntry[] = []
    let after = 0
    for (;;) {
      const page = await this.inbox(after, { limit: 1000 })
      if (page.entries.length === 0) return out
      out.push(...page.entries)
      after = page.next
    }
  }

  log(groupId: string, after = 0) {
    return this.call<{
      entries: { seq: number; kind: string; epoch: number; message: string }[]
      next: number
    }>("GET", `/v1/groups/${groupId}/log?after=${after}`)
  }

  /** Long-poll form of `log`. */
  logPage(groupId: string, after: number, options: { limit?: number; wait?: number } = {}) {
    const query = new URLSearchParams({ after: String(after) })
    if (options.limit) query.set("limit", String(options.limit))
    if (options.wait) query.set("wait", String(options.wait))
    return this.call<{
      entries: { seq: number; kind: string; epoch: number; message: string }[]
      next: number
    }>("GET", `/v1/groups/${groupId}/log?${query}`)
  }

  /** Append a message (and a commit's Welcome) as a member whose keys live elsewhere. */
  append(groupId: string, message: string, welcome?: string) {
    return this.call<{ seq: number; epoch: number; kind: string }>(
      "POST",
      `/v1/groups/${groupId}/log`,
      welcome ? { message, welcome } : { message },
    )
  }

  register(groupId: string) {
    return this.call<{ groupId: string }>("POST", "/v1/groups/register", { groupId })
  }

  uploadKeyPackages(keyPackages: string[], lastResort?: boolean) {
    return this.call<{ published: number }>(
      "POST",
      "/v1/key-packages",
      lastResort === undefined ? { keyPackages } : { keyPackages, lastResort },
    )
  }

  welcomes() {
    return this.call<{ welcomes: { id: string; groupId: string; welcome: string }[] }>(
      "GET",
      "/v1/welcomes",
    )
  }

  deleteWelcome(id: string) {
    return this.call<unknown>("DELETE", `/v1/welcomes/${id}`)
  }

  claim(identities: string[]) {
    return this.call<{ keyPackages: { identity: string; keyPackage: string }[] }>(
      "POST",
      "/v1/key-packages/claim",
      { identities },
    )
  }
}

/** The status of a failed call (0 when it did not fail with an HTTP answer). */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call
    return 200
  } catch (err) {
    return err instanceof HttpError ? err.status : 0
  }
}

/** The HttpError a call failed with; throws when it succeeded or failed otherwise. */
export async function refusalOf(call: Promise<unknown>): Promise<HttpError> {
  try {
    await call
  } catch (err) {
    if (err instanceof HttpError) return err
    throw err
  }
  throw new Error("the call succeeded; a refusal was expected")
}
