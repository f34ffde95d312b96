/**
 * A short load through the reference server's HTTP API that exercises every
 * operation the dashboard and rules watch: identities, key packages, group
 * creation, adds and joins, messages both ways, a self-update, a removal, a
 * proposal from a peer, and bad input that fails with stable error codes.
 *
 * The peer is a second MLS client outside the server (an in-process
 * `@mlskit/core` MlsClient): the API has no route that produces a bare
 * proposal, so the peer joins the group and proposes to leave it, and the
 * server's members process that proposal.
 */
import { ApiError, type MlskitClient, type ProcessedMessage } from "@mlskit/client"
import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"

/** Operations one round runs successfully, as the `operation` label names them. */
export const DRIVEN_OPERATIONS = [
  "create_identity",
  "generate_key_packages",
  "create_group",
  "add_members",
  "join_group",
  "send_message",
  "process_message",
  "self_update",
  "remove_members",
] as const

/** What one round observed through the API. */
export interface RoundResult {
  groupId: string
  /** `kind` of every successful process call, in order. */
  processed: ProcessedMessage["kind"][]
  /** Plaintexts decrypted by members, in order. */
  plaintexts: string[]
  /** The API error code of each deliberately bad call, keyed by what it was. */
  failures: Record<string, string>
}

const decoder = new TextDecoder()

/** One round of load with fresh identities and a fresh group; `round` keeps names unique. */
export async function driveRound(admin: MlskitClient, round: number): Promise<RoundResult> {
  const user = async (name: string) => {
    const { id, token } = await admin.createIdentity(`${name}-${round}`)
    return { id, client: admin.withToken(token) }
  }
  const alice = await user("alice")
  const bob = await user("bob")
  const carol = await user("carol")
  const processed: ProcessedMessage["kind"][] = []
  const plaintexts: string[] = []
  const process = async (member: { client: MlskitClient }, message: Uint8Array) => {
    const result = await member.client.processMessage(groupId, message)
    processed.push(result.kind)
    if (result.kind === "application") plaintexts.push(decoder.decode(result.plaintext))
  }

  const keyPackages = [
    ...(await bob.client.generateKeyPackages(bob.id, 1)),
    ...(await carol.client.generateKeyPackages(carol.id, 1)),
  ]
  const groupId = await alice.client.createGroup(`load-${round}`)
  const added = await alice.client.addMembers(groupId, keyPackages)
  await bob.client.joinGroup(added.welcome)
  await carol.client.joinGroup(added.welcome)

  const fromAlice = await alice.client.sendMessage(groupId, `hello from alice ${round}`)
  await process(bob, fromAlice)
  await process(carol, fromAlice)
  const fromBob = await bob.client.sendMessage(groupId, `hello from bob ${round}`)
  await process(alice, fromBob)

  const update = await bob.client.selfUpdate(groupId)
  await process(alice, update)
  await process(carol, update)

  const carolLeaf = (await carol.client.getGroup(groupId)).ownLeafIndex
  const removal = await alice.client.removeMembers(groupId, [carolLeaf])
  await process(bob, removal)
  await process(carol, removal)

  // A fresh message (one already processed would fail for its used-up key instead).
  const tampered = await bob.client.sendMessage(groupId, `hello again from bob ${round}`)
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0xff
  const failures: Record<string, string> = {
    "process bytes that are no MLS message": await failureCode(
      bob.client.processMessage(groupId, new TextEncoder().encode("not an MLS message")),
    ),
    "process a commit from a past epoch": await failureCode(
      bob.client.processMessage(groupId, removal),
    ),
    "process an application message with a flipped tag byte": await failureCode(
      alice.client.processMessage(groupId, tampered),
    ),
    "remove a leaf that does not exist": await failureCode(
      alice.client.removeMembers(groupId, [99]),
    ),
  }

  // The peer joins, then proposes to leave; the proposal is left uncommitted.
  const peer = new MlsClient({ store: new InMemoryStore(), stateKey: generateStateKey() })
  const dave = await peer.createIdentity(`dave-${round}`)
  const daveAdded = await alice.client.addMembers(
    groupId,
    await peer.generateKeyPackages(dave.id, 1),
  )
  await process(bob, daveAdded.commit)
  const daveGroup = await peer.joinGroup(dave.id, daveAdded.welcome)
  const leave = await peer.leaveGroup(daveGroup)
  await process(alice, leave)
  await process(bob, leave)

  return { groupId, processed, plaintexts, failures }
}

/** The API error code `call` fails with; throws when it succeeds or fails otherwise. */
async function failureCode(call: Promise<unknown>): Promise<string> {
  try {
    await call
  } catch (error) {
    if (error instanceof ApiError) return error.code
    throw error
  }
  throw new Error("a call meant to fail succeeded")
}
