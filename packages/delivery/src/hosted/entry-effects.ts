/**
 * What a processed log entry puts into its member's inbox: a decrypted
 * application message, or for a commit the events it caused (members added,
 * members removed, the local member removed, or a new epoch). A proposal
 * puts nothing: its effect comes with the commit that covers it.
 */
import type { ProcessResult } from "@mlskit/core"
import type { LogEntry } from "../group-log.js"
import type { NewInboxEntry } from "./inbox-entry.js"

/** The inbox entries one processed log entry makes for the member of `groupId`. */
export function entryEffects(
  groupId: string,
  entry: LogEntry,
  result: ProcessResult,
  now: number,
): NewInboxEntry[] {
  const base = { groupId, seq: entry.seq, time: now }
  switch (result.kind) {
    case "application":
      return [
        {
          ...base,
          type: "message",
          epoch: result.epoch,
          sender: { identity: result.sender.identity, leafIndex: result.sender.leafIndex },
          plaintext: result.plaintext,
          authenticatedData: result.authenticatedData,
          generation: result.generation,
        },
      ]
    case "proposal":
      return []
    case "removed":
      return [{ ...base, type: "removed", epoch: result.epoch, ...senderOf(result.sender) }]
    case "commit": {
      const out: NewInboxEntry[] = []
      const sender = senderOf(result.sender)
      if (result.membersAdded.length > 0)
        out.push({
          ...base,
          type: "membersAdded",
          epoch: result.epoch,
          ...sender,
          members: result.membersAdded.map(member),
        })
      if (result.membersRemoved.length > 0)
        out.push({
          ...base,
          type: "membersRemoved",
          epoch: result.epoch,
          ...sender,
          members: result.membersRemoved.map(member),
        })
      if (out.length === 0) out.push({ ...base, type: "epoch", epoch: result.epoch, ...sender })
      return out
    }
  }
}

function senderOf(sender: { leafIndex: number; identity: string } | undefined) {
  return sender ? { sender: { leafIndex: sender.leafIndex, identity: sender.identity } } : {}
}

function member(m: { leafIndex: number; identity: string; credentialType: string }) {
  return { leafIndex: m.leafIndex, identity: m.identity, credentialType: m.credentialType }
}
