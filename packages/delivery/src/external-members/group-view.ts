/**
 * Who is in a group as the Delivery Service knows it, without keys of the
 * members it asks about. Two sources, in this order:
 * - a hosted member: the group has one here, so its state (caught up with
 *   the log first) names every member by leaf index, whoever keeps their
 *   keys where;
 * - the group's roster: a group with no hosted member was registered by
 *   an external creator, and the DS follows its roster from the log's
 *   PublicMessage commits (leaf index to identity).
 * Neither: the DS does not serve the group.
 */
import type { MlsClient } from "@mlskit/core"
import { ConflictError, NotFoundError } from "@mlskit/core"
import type { DeliveryStore } from "../delivery-store.js"
import { decodeRoster, encodeRoster, followEntry, type Roster } from "../external/index.js"
import type { GroupLog } from "../group-log.js"
import { MAX_READ_LIMIT } from "../group-log.js"
import type { HostedDelivery } from "../hosted/hosted-delivery.js"

/** The members of a group at its current epoch. */
export interface GroupView {
  source: "hosted" | "roster"
  epoch: number
  /** Identity name per leaf index; null for a blank leaf. */
  leaves: (string | null)[]
  /** The roster and its record version (source "roster" only). */
  roster?: { roster: Roster; version: number }
}

/** Rounds of a roster update that met another writer before giving up (retryable conflict). */
const ROSTER_RACES = 5

/** Reads a group's view; follows rosters up to the log's head. */
export class GroupViews {
  constructor(
    private readonly options: {
      client: MlsClient
      log: GroupLog
      deliveryStore: DeliveryStore
      hosted: HostedDelivery
      now: () => number
    },
  ) {}

  /** The group's view now; NotFoundError when the DS serves no such group. */
  async current(mlsGroupId: Uint8Array): Promise<GroupView> {
    const hosted = await this.fromHostedMember(mlsGroupId)
    if (hosted) return hosted
    const followed = await this.followRoster(mlsGroupId)
    if (followed) return followed
    throw new NotFoundError("no such group")
  }

  /** Whether the group is known here in any way (log entries, a roster or a hosted member). */
  async exists(mlsGroupId: Uint8Array): Promise<boolean> {
    const { deliveryStore, log } = this.options
    if ((await log.head(mlsGroupId)).lastSeq > 0) return true
    if (await deliveryStore.getRoster(mlsGroupId)) return true
    return (await deliveryStore.listHostedMembers(mlsGroupId)).length > 0
  }

  private async fromHostedMember(mlsGroupId: Uint8Array): Promise<GroupView | undefined> {
    const { client, hosted } = this.options
    for (const member of await hosted.listHostedMembers(mlsGroupId)) {
      const summary = await client.peekSummary(member.groupId)
      if (summary.status === "removed") continue
      await hosted.catchUp(member.groupId)
      const details = await client.group(member.groupId)
      if (details.status === "removed") continue
      const leaves: (string | null)[] = []
      for (const m of details.members) leaves[m.leafIndex] = m.identity
      for (let i = 0; i < leaves.length; i++) leaves[i] ??= null
      return { source: "hosted", epoch: details.epoch, leaves }
    }
    return undefined
  }

  /** The group's roster folded up to the log's head and stored; undefined when it has none. */
  private async followRoster(mlsGroupId: Uint8Array): Promise<GroupView | undefined> {
    const { deliveryStore, log, now } = this.options
    for (let race = 0; ; race++) {
      const record = await deliveryStore.getRoster(mlsGroupId)
      if (!record) return undefined
      let roster = decodeRoster(record.state)
      const start = roster.seq
      for (;;) {
        const entries = await log.read(mlsGroupId, { after: roster.seq, limit: MAX_READ_LIMIT })
        if (entries.length === 0) break
        for (const entry of entries) roster = await followEntry(roster, entry)
      }
      if (roster.seq === start) return rosterView(roster, record.version)
      try {
        const stored = await deliveryStore.updateRoster(
          mlsGroupId,
          record.version,
          encodeRoster(roster),
          now(),
        )
        return rosterView(roster, stored.version)
      } catch (err) {
        if (!(err instanceof ConflictError) || race + 1 >= ROSTER_RACES) throw err
      }
    }
  }
}

function rosterView(roster: Roster, version: number): GroupView {
  return {
    source: "roster",
    epoch: roster.epoch,
    leaves: roster.leaves,
    roster: { roster, version },
  }
}
