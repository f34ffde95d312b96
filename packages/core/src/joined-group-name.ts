/**
 * The name a joiner gives a group when it names none itself. A group's
 * name is local metadata (MLS carries no name), so a joiner would otherwise
 * see "". The default names the group after its other members, as chat
 * apps name an untitled conversation: "alice", "alice, bob", or
 * "alice, bob, carol +2".
 */
import type { GroupMember } from "./types.js"

/** Other members named before the rest are counted. */
const NAMED_MEMBERS = 3

/** The default name of a joined group, at most `maxLength` UTF-16 units (code points kept whole). */
export function joinedGroupName(
  members: GroupMember[],
  ownLeafIndex: number,
  maxLength: number,
): string {
  const others = members.filter((m) => m.leafIndex !== ownLeafIndex).map((m) => m.identity || "?")
  if (others.length === 0) return "group"
  const named = others.slice(0, NAMED_MEMBERS).join(", ")
  const rest = others.length - NAMED_MEMBERS
  const text = rest > 0 ? `${named} +${rest}` : named
  if (text.length <= maxLength) return text
  let cut = ""
  for (const codePoint of text) {
    if (cut.length + codePoint.length > maxLength) break
    cut += codePoint
  }
  return cut
}
